import type { TSeriesLabels } from "@/lib/telemetry/points";
import type { TSample } from "@/lib/telemetry/sample";

// Stored series back into telemetry samples: one sample per thing and 10 s bucket, stamped mid-bucket
// (as the window store is refilled on start), carrying every metric of that thing the bucket has.

export type TBucketPoint = { metric: string; labels: TSeriesLabels; bucket: number; value: number };

const SEP = "\u0001";
const HALF_BUCKET = 5_000;

function thingKey(p: TBucketPoint): string | null {
  const { cluster, shard, replica, node } = p.labels;
  if (p.metric.startsWith("shard.")) return shard && node ? `s${SEP}${cluster}${SEP}${shard}` : null;
  if (p.metric.startsWith("replica.")) return shard && replica ? `r${SEP}${cluster}${SEP}${replica}` : null;
  if (p.metric.startsWith("cache.")) return node ? `c${SEP}${cluster}${SEP}${node}` : null;
  return null;
}

function newSample(p: TBucketPoint, ts: number): TSample {
  const { cluster, shard, replica, node } = p.labels;
  if (p.metric.startsWith("shard.")) return { type: "shard", cluster, shard: shard!, node: node!, ts };
  if (p.metric.startsWith("replica.")) return { type: "replica", cluster, shard: shard!, replica: replica!, ...(node ? { node } : {}), ts };
  return { type: "cache", cluster, node: node!, ts };
}

function setMetric(s: TSample, p: TBucketPoint): void {
  const field = p.metric.slice(p.metric.indexOf(".") + 1);
  if (s.type === "shard") (s as Record<string, unknown>)[field] = p.value;
  else if (s.type === "replica") s.lagSeconds = p.value;
  else if (field === "hotKey.perSec") (s.hotKeys ??= []).push({ key: p.labels.key!, perSec: p.value });
  else (s as Record<string, unknown>)[field] = p.value;
}

/** Samples in no particular order (runBacktest sorts them); points with labels that make no thing are skipped. */
export function historySamples(points: readonly TBucketPoint[]): TSample[] {
  const byThing = new Map<string, TSample>();
  for (const p of points) {
    const thing = thingKey(p);
    if (!thing) continue;
    const ts = p.bucket + HALF_BUCKET;
    const id = `${thing}${SEP}${ts}`;
    let s = byThing.get(id);
    if (!s) byThing.set(id, (s = newSample(p, ts)));
    setMetric(s, p);
  }
  return [...byThing.values()];
}
