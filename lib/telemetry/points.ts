import { CACHE_METRICS, REPLICA_METRICS, SHARD_METRICS, type TSample } from "./sample";

// Samples become points of series. A series is a metric of one thing: a shard (cluster, shard),
// a replica (cluster, replica), a cache node (cluster, node) or a hot key (cluster, node, key).
// Attributes that can change (a shard's node, a replica's shard) are labels, not identity.

export type TSeriesLabels = { cluster: string; shard?: string; node?: string; replica?: string; key?: string };
export type TPoint = { key: string; metric: string; labels: TSeriesLabels; ts: number; value: number };

const SEP = "\u0001"; // validation refuses control characters in labels, so this cannot collide

export function seriesKey(metric: string, cluster: string, ...id: string[]): string {
  return [metric, cluster, ...id].join(SEP);
}

/** Every known metric of a sample as points; unknown (absent) metrics produce nothing. */
export function samplePoints(s: TSample, out: TPoint[] = []): TPoint[] {
  if (s.type === "shard") {
    const labels = { cluster: s.cluster, shard: s.shard, node: s.node };
    for (const m of SHARD_METRICS) {
      const v = s[m];
      if (v !== undefined) out.push({ key: seriesKey(`shard.${m}`, s.cluster, s.shard), metric: `shard.${m}`, labels, ts: s.ts, value: v });
    }
  } else if (s.type === "replica") {
    const labels = { cluster: s.cluster, shard: s.shard, replica: s.replica, ...(s.node ? { node: s.node } : {}) };
    for (const m of REPLICA_METRICS) {
      const v = s[m];
      if (v !== undefined) out.push({ key: seriesKey(`replica.${m}`, s.cluster, s.replica), metric: `replica.${m}`, labels, ts: s.ts, value: v });
    }
  } else {
    const labels = { cluster: s.cluster, node: s.node };
    for (const m of CACHE_METRICS) {
      const v = s[m];
      if (v !== undefined) out.push({ key: seriesKey(`cache.${m}`, s.cluster, s.node), metric: `cache.${m}`, labels, ts: s.ts, value: v });
    }
    for (const hk of s.hotKeys ?? []) {
      const metric = "cache.hotKey.perSec";
      out.push({ key: seriesKey(metric, s.cluster, s.node, hk.key), metric, labels: { ...labels, key: hk.key }, ts: s.ts, value: hk.perSec });
    }
  }
  return out;
}

export const METRICS = [
  ...SHARD_METRICS.map((m) => `shard.${m}`),
  ...REPLICA_METRICS.map((m) => `replica.${m}`),
  ...CACHE_METRICS.map((m) => `cache.${m}`),
  "cache.hotKey.perSec",
] as const;
