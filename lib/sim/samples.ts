import type { TCacheSample, TReplicaSample, TSample, TShardSample } from "@/lib/telemetry/sample";
import type { TClusterFrame } from "./capacity";
import type { TShardState } from "./cluster";
import type { TSimFrame } from "./model";
import { ringHex } from "./ring";

// A step's figures as the telemetry a real cluster would push (the v1 sample model), rounded to
// what an exporter would report.

const r1 = (v: number) => Math.round(v * 10) / 10;
const r3 = (v: number) => Math.round(v * 1000) / 1000;
const r5 = (v: number) => Math.round(v * 100_000) / 100_000;

const ranges = new WeakMap<TShardState, { start: number; end: number; range: { start: string; end: string } }>();

/** Hex key ranges, kept per shard until a split changes them. */
function keyRangeOf(shard: TShardState): { start: string; end: string } {
  let memo = ranges.get(shard);
  if (!memo || memo.start !== shard.start || memo.end !== shard.end) {
    memo = { start: shard.start, end: shard.end, range: { start: ringHex(shard.start), end: ringHex(shard.end) } };
    ranges.set(shard, memo);
  }
  return memo.range;
}

function clusterSamples(cluster: string, f: TClusterFrame, ts: number, out: TSample[]): void {
  for (const s of f.shards) {
    if (!s.node) continue;
    const sample: TShardSample = {
      type: "shard",
      cluster,
      shard: s.shard.id,
      node: s.node,
      ts,
      qps: r1(s.qps),
      p99Ms: r3(s.p99Ms),
      cpu: r3(s.cpu),
      iops: r1(s.iops),
      errorRate: r5(s.errorRate),
      keyRange: keyRangeOf(s.shard),
    };
    out.push(sample);
  }
  for (const r of f.replicas) {
    if (r.lagSeconds === null) continue;
    const sample: TReplicaSample = {
      type: "replica",
      cluster,
      shard: r.shard.id,
      replica: r.replica.id,
      node: r.replica.node,
      ts,
      lagSeconds: r3(r.lagSeconds),
    };
    out.push(sample);
  }
  for (const c of f.caches) {
    const sample: TCacheSample = {
      type: "cache",
      cluster,
      node: c.node.id,
      ts,
      hitsPerSec: r1(c.hits),
      missesPerSec: r1(c.misses),
      evictionsPerSec: r1(c.evictions),
      hotKeys: c.hotKeys.map((k) => ({ key: k.key, perSec: r1(k.perSec) })),
    };
    out.push(sample);
  }
}

/** Samples stamped `ts` (the wall clock in live mode, simulated time otherwise). */
export function frameToSamples(frame: TSimFrame, ts: number): TSample[] {
  const out: TSample[] = [];
  for (const [cluster, f] of frame.clusters) clusterSamples(cluster, f, ts, out);
  return out;
}
