import type { TComponentTarget } from "@/lib/status/schemas";

// Which components an alert concerns: a target names a cluster and optionally narrows it to a shard,
// a database node or a cache node. Cache alerts carry the cache node in their `node` label.

export type TAlertTarget = { labels: { cluster: string; shard?: string; node?: string }; cache: boolean };

export function targetMatches(t: TComponentTarget, a: TAlertTarget): boolean {
  if (t.cluster !== a.labels.cluster) return false;
  if (t.cacheNode !== undefined) return a.cache && a.labels.node === t.cacheNode;
  if ((t.shard !== undefined || t.node !== undefined) && a.cache) return false;
  if (t.shard !== undefined && a.labels.shard !== t.shard) return false;
  if (t.node !== undefined && a.labels.node !== t.node) return false;
  return true;
}

export function componentsForAlert<C extends { id: string; targets: TComponentTarget[] }>(components: readonly C[], alert: TAlertTarget): C[] {
  return components.filter((c) => c.targets.some((t) => targetMatches(t, alert)));
}

export const CACHE_KINDS = new Set(["cache-hit-drop", "eviction-storm", "hot-key"]);
