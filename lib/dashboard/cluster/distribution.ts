import { gini } from "@/lib/detection/engine/stats";

// How a cluster's load is spread: the Lorenz curve of shard qps (downsampled), its Gini index, the
// top-N shards against the fair share, and the per-node roll-up. Pure.

export type TShardNow = { shard: string; node: string; qps: number; p99Ms: number | null; cpu: number | null };

export type TLorenz = { points: [number, number][]; gini: number | null; shards: number };

/** Cumulative share of shards (x, poorest first) against cumulative share of load (y), at most `maxPoints` points, ends included. */
export function lorenzCurve(qps: readonly number[], maxPoints = 200): TLorenz {
  const sorted = Float64Array.from(qps).sort();
  const n = sorted.length;
  let total = 0;
  for (const v of sorted) total += v;
  if (n === 0 || total <= 0) return { points: [], gini: n >= 2 ? 0 : null, shards: n };
  const cum = new Float64Array(n + 1);
  for (let i = 0; i < n; i++) cum[i + 1] = cum[i]! + sorted[i]!;
  const count = Math.min(n + 1, Math.max(2, maxPoints));
  const points: [number, number][] = [];
  let prev = -1;
  for (let k = 0; k < count; k++) {
    const i = Math.round((k * n) / (count - 1));
    if (i === prev) continue;
    prev = i;
    points.push([i / n, cum[i]! / total]);
  }
  return { points, gini: n >= 2 ? gini(sorted) : null, shards: n };
}

export type TTopShard = TShardNow & { share: number; shareOfFair: number };

/** The `limit` busiest shards by qps, with their share of the cluster and that share over the fair share (1/n). */
export function topShards(shards: readonly TShardNow[], limit: number): { total: number; fairShare: number; top: TTopShard[] } {
  let total = 0;
  for (const s of shards) total += s.qps;
  const fairShare = shards.length ? 1 / shards.length : 0;
  const top = [...shards]
    .sort((a, b) => b.qps - a.qps || a.shard.localeCompare(b.shard))
    .slice(0, limit)
    .map((s) => {
      const share = total > 0 ? s.qps / total : 0;
      return { ...s, share, shareOfFair: fairShare > 0 ? share / fairShare : 0 };
    });
  return { total, fairShare, top };
}

export type TNodeLoad = { node: string; shards: number; qps: number; share: number; hottest: { shard: string; qps: number }; maxCpu: number | null };

/** One row per node, the busiest first. */
export function nodeLoads(shards: readonly TShardNow[]): TNodeLoad[] {
  const byNode = new Map<string, TNodeLoad>();
  let total = 0;
  for (const s of shards) {
    total += s.qps;
    let n = byNode.get(s.node);
    if (!n) byNode.set(s.node, (n = { node: s.node, shards: 0, qps: 0, share: 0, hottest: { shard: s.shard, qps: s.qps }, maxCpu: null }));
    n.shards++;
    n.qps += s.qps;
    if (s.qps > n.hottest.qps) n.hottest = { shard: s.shard, qps: s.qps };
    if (s.cpu !== null && (n.maxCpu === null || s.cpu > n.maxCpu)) n.maxCpu = s.cpu;
  }
  const rows = [...byNode.values()];
  for (const n of rows) n.share = total > 0 ? n.qps / total : 0;
  return rows.sort((a, b) => b.qps - a.qps || a.node.localeCompare(b.node));
}

/** Share of load carried by the busiest `fraction` of shards, read off the Lorenz curve (linear between points). */
export function shareOfTop(points: readonly [number, number][], fraction: number): number | null {
  if (points.length < 2) return null;
  const x = 1 - fraction;
  for (let i = 1; i < points.length; i++) {
    const [x0, y0] = points[i - 1]!;
    const [x1, y1] = points[i]!;
    if (x <= x1) return 1 - (x1 === x0 ? y1 : y0 + ((y1 - y0) * (x - x0)) / (x1 - x0));
  }
  return 0;
}
