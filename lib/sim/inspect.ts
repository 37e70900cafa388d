import type { TShardLoad } from "@/lib/control-plane/types";
import { clusterOf, shardOf } from "./actions";
import type { TClusterState } from "./cluster";
import type { SimModel } from "./model";
import { findRange, hash32 } from "./ring";

// What one simulated shard served in the last step: the read/write mix, where reads went and the
// followed keys that landed on it. Everything is picked out of the step's flat figures here, on demand,
// so the step itself keeps no per-shard key lists.

const TOP_KEYS = 20;
const round = (x: number) => Math.round(x * 100) / 100;

/** Configured keys (salted or overlaid) with a bucket on shard index `i`. */
function keysOn(state: TClusterState, keys: Iterable<string>, i: number): string[] {
  const out: string[] = [];
  for (const key of keys) {
    const buckets = state.salting.get(key) ?? 1;
    for (let b = 0; b < buckets; b++) {
      if (findRange(state.starts, hash32(buckets > 1 ? `${key}#${b}` : key)) === i) {
        out.push(key);
        break;
      }
    }
  }
  return out.sort();
}

export function inspectShard(m: SimModel, cluster: string, id: string): TShardLoad {
  const c = clusterOf(m, cluster);
  const shard = shardOf(c, id);
  const { state } = c;
  const now = state.shards.indexOf(shard);
  const base: TShardLoad = {
    cluster,
    shard: id,
    node: shard.node,
    at: m.simMs,
    readQps: 0,
    writeQps: 0,
    replicaReadQps: 0,
    readsToReplicas: shard.replicas.length ? shard.readsToReplicas : 0,
    topKeys: [],
    salted: keysOn(state, state.salting.keys(), now),
    overlaid: keysOn(state, state.overlays.keys(), now),
    throttledQps: 0,
    sizeGb: round(shard.sizeGb),
  };
  const frame = c.last;
  // The last step's index of this shard (placement may have changed since: a split's cutover).
  const i = frame ? frame.shards.findIndex((f) => f.shard === shard) : -1;
  if (!frame || i < 0) return base; // not stepped yet, or a shard created since the last step

  const f = frame.shards[i]!;
  // A shard throttle cut its reads and writes in proportion; the keys on it were cut alike.
  const served = f.offered > 0 ? (f.reads + f.writes) / f.offered : 1;
  let offeredAll = 0;
  for (const s of frame.shards) offeredAll += s.offered;
  const clusterThrottled = offeredAll > 0 ? (frame.throttled * f.offered) / offeredAll : 0;

  const k = frame.keys;
  const top: TShardLoad["topKeys"] = [];
  for (let j = 0; j < k.count; j++) {
    if (k.shard[j] !== i) continue;
    const readQps = k.reads[j]! * served;
    const writeQps = k.writes[j]! * served;
    if (readQps + writeQps > 0) top.push({ key: k.names[j]!, readQps, writeQps });
  }
  top.sort((a, b) => b.readQps + b.writeQps - (a.readQps + a.writeQps));

  const liveReplicas = f.replicaReads > 0 || f.reads === 0;
  return {
    ...base,
    node: f.node,
    at: m.simMs,
    readQps: round(f.reads - f.replicaReads),
    writeQps: round(f.writes),
    replicaReadQps: round(f.replicaReads),
    // Configured, but with no replica up every read stays on the primary.
    readsToReplicas: liveReplicas ? base.readsToReplicas : 0,
    topKeys: top.slice(0, TOP_KEYS).map((t) => ({ key: t.key, readQps: round(t.readQps), writeQps: round(t.writeQps) })),
    throttledQps: round(f.throttled + clusterThrottled),
  };
}
