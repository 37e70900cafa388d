import { hitRatioBaseline } from "@/lib/detection/engine/evaluators/cache";
import type { SeriesBuffer } from "@/lib/telemetry/series-buffer";
import type { TGrid } from "./buckets";

// The cache page's pure core: hit ratio against the baseline the cache-hit-drop rule uses, the share
// of a node's gets each hot key takes, and each node's status from the open alerts of the cache rules.

export type TCacheStatus = "hit-drop" | "eviction-storm" | "hot-key";
export const STATUS_OF_KIND: Record<string, TCacheStatus> = { "cache-hit-drop": "hit-drop", "eviction-storm": "eviction-storm", "hot-key": "hot-key" };

export type TCacheAlert = { kind: string; rule: string; state: "pending" | "firing" | "resolved"; node: string; key?: string | undefined };
export type THotKeyNow = { key: string; node: string; perSec: number };
export type THotKeyRow = THotKeyNow & { share: number; alert: "pending" | "firing" | null; rule: string | null };

/** hits / (hits + misses) per bucket; NaN where either is missing or there were no gets. */
export function hitRatios(hits: Float64Array, misses: Float64Array): Float64Array {
  const out = new Float64Array(hits.length);
  for (let i = 0; i < hits.length; i++) {
    const gets = hits[i]! + misses[i]!;
    out[i] = gets > 0 ? hits[i]! / gets : NaN;
  }
  return out;
}

/** The rule's baseline as of each bucket's end (it looks back `minutes`, leaving out the last 2 min). */
export function baselineSeries(hits: SeriesBuffer | undefined, misses: SeriesBuffer | undefined, grid: TGrid, to: number, minutes: number): Float64Array {
  const out = new Float64Array(grid.n).fill(NaN);
  for (let b = 0; b < grid.n; b++) out[b] = hitRatioBaseline(hits, misses, Math.min(grid.start + (b + 1) * grid.step, to), minutes);
  return out;
}

/** Statuses of each node from the open alerts of the cache rules, in a fixed order. */
export function nodeStatuses(alerts: readonly TCacheAlert[]): Map<string, TCacheStatus[]> {
  const out = new Map<string, TCacheStatus[]>();
  for (const a of alerts) {
    const s = STATUS_OF_KIND[a.kind];
    if (!s || a.state === "resolved") continue;
    const list = out.get(a.node) ?? [];
    if (!list.includes(s)) list.push(s);
    out.set(a.node, list);
  }
  for (const list of out.values()) list.sort((x, y) => Object.values(STATUS_OF_KIND).indexOf(x) - Object.values(STATUS_OF_KIND).indexOf(y));
  return out;
}

/**
 * Each hot key's share of its node's gets (hits + misses), keys with an open hot-key alert first,
 * then the largest share. Keys whose node has no current gets figure are left out.
 */
export function hotKeyShares(keys: readonly THotKeyNow[], nodeGets: ReadonlyMap<string, number>, alerts: readonly TCacheAlert[], limit: number): THotKeyRow[] {
  const open = new Map<string, TCacheAlert>();
  for (const a of alerts) if (a.kind === "hot-key" && a.state !== "resolved" && a.key !== undefined) open.set(`${a.node}\u0001${a.key}`, a);
  const rows: THotKeyRow[] = [];
  for (const k of keys) {
    const gets = nodeGets.get(k.node);
    if (gets === undefined || !Number.isFinite(gets) || !Number.isFinite(k.perSec) || gets <= 0) continue;
    const a = open.get(`${k.node}\u0001${k.key}`);
    const alert = a?.state === "firing" || a?.state === "pending" ? a.state : null;
    rows.push({ ...k, share: Math.min(1, k.perSec / gets), alert, rule: a?.rule ?? null });
  }
  const rank = (r: THotKeyRow) => (r.alert === "firing" ? 0 : r.alert === "pending" ? 1 : 2);
  return rows.sort((a, b) => rank(a) - rank(b) || b.share - a.share || a.key.localeCompare(b.key)).slice(0, limit);
}

export type TNodeBrief = { node: string; hitRatio: number | null; baseline: number | null; statuses: TCacheStatus[] };

/** The node to chart: the one asked for, else one with an alert, else the largest drop under its baseline. */
export function pickFocus(nodes: readonly TNodeBrief[], wanted: string | undefined): string | null {
  if (wanted !== undefined) return nodes.some((n) => n.node === wanted) ? wanted : null;
  const drop = (n: TNodeBrief) => (n.hitRatio !== null && n.baseline !== null ? n.baseline - n.hitRatio : -Infinity);
  const sorted = [...nodes].sort((a, b) => b.statuses.length - a.statuses.length || drop(b) - drop(a) || a.node.localeCompare(b.node));
  return sorted[0]?.node ?? null;
}
