import type { TCacheNodeState, TClusterState, TReplicaState, TShardState } from "./cluster";
import type { TActiveEvent } from "./events";
import { eventsOf } from "./events";
import type { TRng } from "./rng";
import type { TLoadFrame } from "./traffic";

// What the load does to machines: node utilisation, a queueing latency curve that rises steeply
// near capacity, requests beyond capacity failing, replicas falling behind, caches filling.

export const FAILOVER_SECONDS = 15;
const APPLY_COST = 0.3; // a replicated write costs the replica's node this much of a request
const TIMEOUT_MS = 2000;
const CACHE_WARM_SHARE = 0.005; // misses that add lasting coverage (most fill with one-hit keys soon evicted)

export type TShardFrame = {
  shard: TShardState;
  node: string | null;
  offered: number;
  qps: number;
  reads: number;
  writes: number;
  replicaReads: number;
  throttled: number;
  failed: number;
  p99Ms: number;
  cpu: number;
  iops: number;
  errorRate: number;
};
export type TReplicaFrame = { shard: TShardState; replica: TReplicaState; lagSeconds: number | null };
export type TCacheFrame = { node: TCacheNodeState; hits: number; misses: number; evictions: number; hotKeys: { key: string; perSec: number }[] };
export type TClusterFrame = {
  shards: TShardFrame[];
  replicas: TReplicaFrame[];
  caches: TCacheFrame[];
  nodeUtil: Map<string, number>;
  offered: number;
  throttled: number;
};

type TReplicaEffects = { slow: number; partition: { reports: boolean } | null; stall: boolean; blip: number };

/** Per-replica event effects this step (usually none, so the common path is one Map miss). */
function replicaEffects(state: TClusterState, active: TActiveEvent[]): Map<string, TReplicaEffects> {
  const out = new Map<string, TReplicaEffects>();
  const of = (id: string) => out.get(id) ?? out.set(id, { slow: 1, partition: null, stall: false, blip: 0 }).get(id)!;
  const name = state.spec.name;
  for (const a of eventsOf(active, name, "slow-replica")) of(a.event.replica).slow *= 1 - (1 - a.event.factor) * a.intensity;
  for (const a of eventsOf(active, name, "replica-partition")) of(a.event.replica).partition = { reports: a.event.reports };
  for (const a of eventsOf(active, name, "replica-stall")) of(a.event.replica).stall = true;
  for (const a of eventsOf(active, name, "lag-blip")) of(a.event.replica).blip += a.event.seconds;
  return out;
}

function latency(base: number, rho: number, rng: TRng): number {
  const capped = Math.min(rho, 0.97);
  const p99 = (base / (1 - capped)) * Math.max(1, rho);
  return Math.min(TIMEOUT_MS, p99 * (1 + 0.05 * rng.gauss()));
}

type TPlaced = {
  node: string | null;
  promoted: TReplicaState | null;
  failing: boolean;
  primary: number;
  live: number;
  replicaReads: number;
  reads: number;
  writes: number;
  offered: number;
  throttled: number;
};

/** Where each shard's primary runs now (failover after a node failure), and the load it puts on nodes. */
function place(state: TClusterState, load: TLoadFrame, down: Map<string, number>, nodeLoad: Float64Array): TPlaced[] {
  const index = state.nodeIndex;
  const add = (node: string, v: number) => (nodeLoad[index.get(node)!]! += v);
  const out: TPlaced[] = new Array<TPlaced>(state.shards.length);
  for (let i = 0; i < state.shards.length; i++) {
    const shard = state.shards[i]!;
    const age = down.size ? down.get(shard.node) : undefined;
    let node: string | null = shard.node;
    let promoted: TReplicaState | null = null;
    if (age !== undefined) {
      promoted = age < FAILOVER_SECONDS ? null : (shard.replicas.find((r) => !down.has(r.node)) ?? null);
      node = promoted?.node ?? null;
    }
    let reads = load.reads[i]!;
    let writes = load.writes[i]!;
    const offered = reads + writes;
    let throttled = 0;
    if (shard.throttleQps !== null && offered > shard.throttleQps) {
      throttled = offered - shard.throttleQps;
      reads *= shard.throttleQps / offered;
      writes *= shard.throttleQps / offered;
    }
    let live = 0;
    for (const r of shard.replicas) if (r !== promoted && r.partitionedFor === 0 && !(down.size && down.has(r.node))) live++;
    const replicaReads = live ? reads * shard.readsToReplicas : 0;
    const primary = reads - replicaReads + writes + shard.copyLoad;
    if (node !== null) add(node, primary);
    if (live)
      for (const r of shard.replicas)
        if (r !== promoted && r.partitionedFor === 0 && !(down.size && down.has(r.node))) add(r.node, replicaReads / live + writes * APPLY_COST);
    if (shard.copyTarget) add(shard.copyTarget, shard.copyLoad * 0.5);
    out[i] = { node, promoted, failing: node === null, primary, live, replicaReads, reads, writes, offered, throttled };
  }
  return out;
}

export function settle(state: TClusterState, load: TLoadFrame, active: TActiveEvent[], dt: number, rng: TRng): TClusterFrame {
  const { spec } = state;
  const down = new Map(eventsOf(active, spec.name, "node-failure").map((a) => [a.event.node, a.age]));
  const nodeLoad = new Float64Array(state.nodes.length);
  const placed = place(state, load, down, nodeLoad);
  const nodeUtil = new Map(state.nodes.map((n, i) => [n.id, down.has(n.id) ? 0 : nodeLoad[i]! / n.capacityQps]));
  const effects = replicaEffects(state, active);
  const shards = new Array<TShardFrame>(placed.length);
  const replicas: TReplicaFrame[] = [];
  for (let i = 0; i < placed.length; i++) {
    const p = placed[i]!;
    const shard = state.shards[i]!;
    const u = p.node !== null ? nodeUtil.get(p.node)! : 0;
    const rho = Math.max(p.primary / spec.shardCapacityQps, u);
    const served = Math.min(1, spec.shardCapacityQps / Math.max(p.primary, 1e-9)) * Math.min(1, 1 / Math.max(u, 1e-9));
    const errorRate = p.failing ? 1 : Math.min(1, 1 - served + spec.baseErrorRate * Math.max(0, 1 + 0.5 * rng.gauss()) + shard.cutoverFailure);
    const qps = p.reads - p.replicaReads + p.writes;
    let p99Ms = p.failing ? TIMEOUT_MS : latency(spec.baseP99Ms, rho, rng);
    if (shard.cutoverFailure > 0) p99Ms = Math.max(p99Ms, 250);
    const cpu = Math.min(1, Math.max(0, rho * (1 + 0.02 * rng.gauss())));
    const iops = p.writes * 2 + (p.reads - p.replicaReads) * 0.15 + shard.copyLoad * 2;
    shards[i] = {
      shard,
      node: p.node ?? shard.node,
      offered: p.offered,
      qps,
      reads: p.reads,
      writes: p.writes,
      replicaReads: p.replicaReads,
      throttled: p.throttled,
      failed: qps * errorRate,
      p99Ms,
      cpu,
      iops,
      errorRate,
    };
    for (const r of shard.replicas) replicas.push(advanceReplica(state, shard, p, r, effects.size ? effects.get(r.id) : undefined, down, nodeUtil, dt, rng));
  }
  const caches = state.cacheNodes.map((node, i) => advanceCache(node, load.cache[i]!, dt));
  return { shards, replicas, caches, nodeUtil, offered: load.offered, throttled: load.throttled };
}

function advanceReplica(
  state: TClusterState,
  shard: TShardState,
  p: TPlaced,
  r: TReplicaState,
  fx: TReplicaEffects | undefined,
  down: Map<string, number>,
  util: Map<string, number>,
  dt: number,
  rng: TRng,
): TReplicaFrame {
  if (r === p.promoted || (down.size && down.has(r.node))) {
    r.backlog += p.writes * dt;
    return { shard, replica: r, lagSeconds: null };
  }
  const readShare = p.live ? p.replicaReads / p.live / state.spec.shardCapacityQps : 0;
  const applyCap = (state.spec.replicaApplyQps * (fx?.slow ?? 1) * Math.max(0.2, 1 - readShare)) / Math.max(1, util.get(r.node) ?? 0);
  if (fx?.partition) {
    r.partitionedFor += dt;
    r.backlog += p.writes * dt;
    return { shard, replica: r, lagSeconds: fx.partition.reports ? Math.max(r.partitionedFor, r.backlog / applyCap) : null };
  }
  r.partitionedFor = 0;
  const stalled = fx?.stall ?? false;
  r.backlog = Math.max(0, r.backlog + (p.writes - (stalled ? 0 : applyCap)) * dt);
  if (stalled) return { shard, replica: r, lagSeconds: 0 };
  return { shard, replica: r, lagSeconds: r.backlog / applyCap + Math.max(0.01, 0.08 * (1 + 0.3 * rng.gauss())) + (fx?.blip ?? 0) };
}

function advanceCache(node: TCacheNodeState, flow: TLoadFrame["cache"][number], dt: number): TCacheFrame {
  const full = node.filled >= node.capacityKeys;
  node.filled = Math.min(node.capacityKeys, node.filled + flow.misses * CACHE_WARM_SHARE * dt);
  const hotKeys = flow.hot.sort((a, b) => b.perSec - a.perSec).slice(0, 10);
  return { node, hits: flow.hits, misses: flow.misses, evictions: full ? flow.misses : 0, hotKeys };
}
