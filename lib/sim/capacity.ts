import type { TCacheNodeState, TClusterState, TReplicaState, TShardState } from "./cluster";
import type { TActiveEvent } from "./events";
import { eventsOf } from "./events";
import type { TRng } from "./rng";
import type { TKeyLandings, TLoadFrame } from "./traffic";

// What the load does to machines: node utilisation, a queueing latency curve that rises steeply
// near capacity, requests beyond capacity failing, replicas falling behind, caches filling.

export const FAILOVER_SECONDS = 15;
const APPLY_COST = 0.3; // a replicated write costs the replica's node this much of a request
const CHANGE_STREAM_SHARE = 0.1; // of the copy load: the primary's change stream while a replica is copied
const TIMEOUT_MS = 2000;
const CACHE_WARM_SHARE = 0.005; // misses that add lasting coverage (most fill with one-hit keys soon evicted)

const SHARD_FIGURES = ["offered", "qps", "reads", "writes", "replicaReads", "throttled", "failed", "p99Ms", "cpu", "iops", "errorRate"] as const;
type TShardFigure = (typeof SHARD_FIGURES)[number];
type TShardColumns = Record<TShardFigure, Float64Array> & { node: Int32Array };

/**
 * One shard's figures in a step. The numbers live in per-step columns: a plain object per shard would
 * box eleven doubles each, 110,000 allocations a step at 10,000 shards.
 */
export class ShardFrame {
  constructor(
    readonly shard: TShardState,
    private readonly cols: TShardColumns,
    private readonly i: number,
    private readonly nodes: TClusterState["nodes"],
  ) {}
  /** Where the primary runs now (the shard's own node while it fails over). */
  get node(): string {
    const n = this.cols.node[this.i]!;
    return n < 0 ? this.shard.node : this.nodes[n]!.id;
  }
  get offered(): number {
    return this.cols.offered[this.i]!;
  }
  get qps(): number {
    return this.cols.qps[this.i]!;
  }
  get reads(): number {
    return this.cols.reads[this.i]!;
  }
  get writes(): number {
    return this.cols.writes[this.i]!;
  }
  get replicaReads(): number {
    return this.cols.replicaReads[this.i]!;
  }
  get throttled(): number {
    return this.cols.throttled[this.i]!;
  }
  get failed(): number {
    return this.cols.failed[this.i]!;
  }
  get p99Ms(): number {
    return this.cols.p99Ms[this.i]!;
  }
  get cpu(): number {
    return this.cols.cpu[this.i]!;
  }
  get iops(): number {
    return this.cols.iops[this.i]!;
  }
  get errorRate(): number {
    return this.cols.errorRate[this.i]!;
  }
}

/** One replica's lag in a step (null: not reporting), read from the step's lag column. */
export class ReplicaFrame {
  constructor(
    readonly shard: TShardState,
    readonly replica: TReplicaState,
    private readonly lags: Float64Array,
    private readonly i: number,
  ) {}
  get lagSeconds(): number | null {
    const v = this.lags[this.i]!;
    return Number.isNaN(v) ? null : v;
  }
}
export type TShardFrame = ShardFrame;
export type TReplicaFrame = ReplicaFrame;
export type TCacheFrame = { node: TCacheNodeState; hits: number; misses: number; evictions: number; hotKeys: { key: string; perSec: number }[] };
export type TClusterFrame = {
  shards: TShardFrame[];
  replicas: TReplicaFrame[];
  caches: TCacheFrame[];
  nodeUtil: Map<string, number>;
  offered: number;
  throttled: number;
  /** Where the followed keys landed, by index into `shards`. */
  keys: TKeyLandings;
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

/** Per-shard figures of one step, in columns (no object per shard until the frame is built). */
type TPlaced = {
  primary: Float64Array;
  reads: Float64Array;
  writes: Float64Array;
  replicaReads: Float64Array;
  offered: Float64Array;
  throttled: Float64Array;
  live: Uint8Array;
  /** Node index the primary runs on now, or -1 while it is failing over (or has nowhere to go). */
  node: Int32Array;
  /** The replica promoted to primary after a node failure, by shard index. */
  promoted: Map<number, TReplicaState>;
};

/** Where each shard's primary runs now (failover after a node failure), and the load it puts on nodes. */
function place(state: TClusterState, load: TLoadFrame, downAge: Float64Array, anyDown: boolean, nodeLoad: Float64Array): TPlaced {
  const n = state.shards.length;
  const p: TPlaced = {
    primary: new Float64Array(n),
    reads: new Float64Array(n),
    writes: new Float64Array(n),
    replicaReads: new Float64Array(n),
    offered: new Float64Array(n),
    throttled: new Float64Array(n),
    live: new Uint8Array(n),
    node: new Int32Array(n),
    promoted: new Map(),
  };
  const isLive = (r: TReplicaState, promoted: TReplicaState | undefined) => r !== promoted && r.partitionedFor === 0 && !(anyDown && downAge[r.nodeIx]! >= 0);
  for (let i = 0; i < n; i++) {
    const shard = state.shards[i]!;
    let node = shard.nodeIx;
    let promoted: TReplicaState | undefined;
    if (anyDown && downAge[node]! >= 0) {
      promoted = downAge[node]! < FAILOVER_SECONDS ? undefined : shard.replicas.find((r) => downAge[r.nodeIx]! < 0);
      node = promoted ? promoted.nodeIx : -1;
      if (promoted) p.promoted.set(i, promoted);
    }
    let reads = load.reads[i]!;
    let writes = load.writes[i]!;
    const offered = reads + writes;
    if (shard.throttleQps !== null && offered > shard.throttleQps) {
      p.throttled[i] = offered - shard.throttleQps;
      reads *= shard.throttleQps / offered;
      writes *= shard.throttleQps / offered;
    }
    let live = 0;
    for (const r of shard.replicas) if (isLive(r, promoted)) live++;
    const replicaReads = live ? reads * shard.readsToReplicas : 0;
    // The copy for a split or move reads a live replica's snapshot, as online resharding tools do, so
    // it does not land on a primary that is hot already; the primary streams only the changes since.
    const source = shard.copyLoad > 0 ? shard.replicas.find((r) => isLive(r, promoted)) : undefined;
    const primary = reads - replicaReads + writes + (source ? shard.copyLoad * CHANGE_STREAM_SHARE : shard.copyLoad);
    if (node >= 0) nodeLoad[node]! += primary;
    for (const r of shard.replicas) if (isLive(r, promoted)) nodeLoad[r.nodeIx]! += replicaReads / live + writes * APPLY_COST;
    if (source) nodeLoad[source.nodeIx]! += shard.copyLoad;
    if (shard.copyTarget) nodeLoad[state.nodeIndex.get(shard.copyTarget)!]! += shard.copyLoad * 0.5;
    p.primary[i] = primary;
    p.reads[i] = reads;
    p.writes[i] = writes;
    p.replicaReads[i] = replicaReads;
    p.offered[i] = offered;
    p.live[i] = live;
    p.node[i] = node;
  }
  return p;
}

function fillShard(state: TClusterState, p: TPlaced, i: number, util: Float64Array, rng: TRng, cols: TShardColumns): void {
  const { spec } = state;
  const shard = state.shards[i]!;
  const node = p.node[i]!;
  const failing = node < 0;
  const u = failing ? 0 : util[node]!;
  const primary = p.primary[i]!;
  const rho = Math.max(primary / spec.shardCapacityQps, u);
  const served = Math.min(1, spec.shardCapacityQps / Math.max(primary, 1e-9)) * Math.min(1, 1 / Math.max(u, 1e-9));
  const errorRate = failing ? 1 : Math.min(1, 1 - served + spec.baseErrorRate * Math.max(0, 1 + 0.5 * rng.gauss()) + shard.cutoverFailure);
  const reads = p.reads[i]!;
  const writes = p.writes[i]!;
  const replicaReads = p.replicaReads[i]!;
  const qps = reads - replicaReads + writes;
  let p99Ms = failing ? TIMEOUT_MS : latency(spec.baseP99Ms, rho, rng);
  if (shard.cutoverFailure > 0) p99Ms = Math.max(p99Ms, 250);
  cols.node[i] = node;
  cols.offered[i] = p.offered[i]!;
  cols.qps[i] = qps;
  cols.reads[i] = reads;
  cols.writes[i] = writes;
  cols.replicaReads[i] = replicaReads;
  cols.throttled[i] = p.throttled[i]!;
  cols.failed[i] = qps * errorRate;
  cols.p99Ms[i] = p99Ms;
  cols.cpu[i] = Math.min(1, Math.max(0, rho * (1 + 0.02 * rng.gauss())));
  cols.iops[i] = writes * 2 + (reads - replicaReads) * 0.15 + shard.copyLoad * 2;
  cols.errorRate[i] = errorRate;
}

export function settle(state: TClusterState, load: TLoadFrame, active: TActiveEvent[], dt: number, rng: TRng): TClusterFrame {
  const downAge = new Float64Array(state.nodes.length).fill(-1);
  const failures = eventsOf(active, state.spec.name, "node-failure");
  for (const a of failures) {
    const ix = state.nodeIndex.get(a.event.node);
    if (ix !== undefined) downAge[ix] = a.age;
  }
  const nodeLoad = new Float64Array(state.nodes.length);
  const placed = place(state, load, downAge, failures.length > 0, nodeLoad);
  const util = new Float64Array(state.nodes.length);
  state.nodes.forEach((n, i) => (util[i] = downAge[i]! >= 0 ? 0 : nodeLoad[i]! / n.capacityQps));
  const effects = replicaEffects(state, active);
  const n = state.shards.length;
  const cols = Object.fromEntries(SHARD_FIGURES.map((k) => [k, new Float64Array(n)])) as Record<TShardFigure, Float64Array>;
  const columns: TShardColumns = { ...cols, node: new Int32Array(n) };
  const shards = new Array<ShardFrame>(n);
  const replicas: ReplicaFrame[] = [];
  const lags = new Float64Array(state.shards.reduce((sum, sh) => sum + sh.replicas.length, 0));
  const ctx: TReplicaCtx = { state, placed, effects, downAge, util, dt, rng };
  for (let i = 0, j = 0; i < n; i++) {
    const shard = state.shards[i]!;
    fillShard(state, placed, i, util, rng, columns);
    shards[i] = new ShardFrame(shard, columns, i, state.nodes);
    for (const r of shard.replicas) {
      lags[j] = advanceReplica(ctx, i, r) ?? NaN;
      replicas.push(new ReplicaFrame(shard, r, lags, j++));
    }
  }
  const caches = state.cacheNodes.map((node, i) => advanceCache(node, load.cache[i]!, dt));
  const nodeUtil = new Map(state.nodes.map((n, i) => [n.id, util[i]!]));
  return { shards, replicas, caches, nodeUtil, offered: load.offered, throttled: load.throttled, keys: load.keys };
}

type TReplicaCtx = {
  state: TClusterState;
  placed: TPlaced;
  effects: Map<string, TReplicaEffects>;
  downAge: Float64Array;
  util: Float64Array;
  dt: number;
  rng: TRng;
};

/** Moves the replica's backlog forward; its reported lag, or null when it does not report. */
function advanceReplica(c: TReplicaCtx, i: number, r: TReplicaState): number | null {
  const { state, placed: p, dt } = c;
  const writes = p.writes[i]!;
  if (c.downAge[r.nodeIx]! >= 0 || (p.promoted.size && p.promoted.get(i) === r)) {
    r.backlog += writes * dt;
    return null;
  }
  const fx = c.effects.size ? c.effects.get(r.id) : undefined;
  const live = p.live[i]!;
  const readShare = live ? p.replicaReads[i]! / live / state.spec.shardCapacityQps : 0;
  const applyCap = (state.spec.replicaApplyQps * (fx?.slow ?? 1) * Math.max(0.2, 1 - readShare)) / Math.max(1, c.util[r.nodeIx]!);
  if (fx?.partition) {
    r.partitionedFor += dt;
    r.backlog += writes * dt;
    return fx.partition.reports ? Math.max(r.partitionedFor, r.backlog / applyCap) : null;
  }
  r.partitionedFor = 0;
  const stalled = fx?.stall ?? false;
  r.backlog = Math.max(0, r.backlog + (writes - (stalled ? 0 : applyCap)) * dt);
  if (stalled) return 0;
  return r.backlog / applyCap + Math.max(0.01, 0.08 * (1 + 0.3 * c.rng.gauss())) + (fx?.blip ?? 0);
}

function advanceCache(node: TCacheNodeState, flow: TLoadFrame["cache"][number], dt: number): TCacheFrame {
  const full = node.filled >= node.capacityKeys;
  node.filled = Math.min(node.capacityKeys, node.filled + flow.misses * CACHE_WARM_SHARE * dt);
  const hotKeys = flow.hot.sort((a, b) => b.perSec - a.perSec).slice(0, 10);
  return { node, hits: flow.hits, misses: flow.misses, evictions: full ? flow.misses : 0, hotKeys };
}
