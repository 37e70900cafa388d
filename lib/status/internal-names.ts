import type { TComponentTarget } from "./schemas";

// Operators write notices by hand; this finds shard ids, hosts and cache nodes of components that keep
// their targets private, so the editor can warn before they reach the public page. Cluster names are
// left out: they are often plain words ("orders") that a message rightly uses.

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** The internal names from `components` (those not showing targets) that appear in `texts`. */
export function internalNamesIn(texts: readonly string[], components: readonly { showTargets: boolean; targets: TComponentTarget[] }[]): string[] {
  const names = new Set<string>();
  for (const c of components) if (!c.showTargets) for (const t of c.targets) for (const n of [t.shard, t.node, t.cacheNode]) if (n) names.add(n);
  const text = texts.join("\n");
  return [...names].filter((n) => new RegExp(`(^|[^\\w-])${escape(n)}($|[^\\w-])`, "i").test(text)).sort();
}
