import { RING_SIZE, createNodeRing, findRange, hash32 } from "./ring";
import type { TClusterSpec } from "./scenario";

// The mutable state of one simulated cluster: placement, replicas, caches and what operations
// changed (throttles, salting, overlays, reads on replicas). Built deterministically from the spec.

export type TReplicaState = {
  id: string;
  node: string;
  /** Position of `node` in the cluster's nodes. */ readonly nodeIx: number;
  backlog: number;
  partitionedFor: number;
};
export type TShardState = {
  id: string;
  start: number;
  end: number;
  node: string;
  /** Position of `node` in the cluster's nodes, kept in step with it (the step loops index arrays by it). */
  readonly nodeIx: number;
  sizeGb: number;
  replicas: TReplicaState[];
  throttleQps: number | null;
  readsToReplicas: number;
  /** Extra load (requests/s equivalent) from a copy in progress, and the node receiving it. */
  copyLoad: number;
  copyTarget: string | null;
  /** Requests failing from a cutover in progress this step, as a fraction of its traffic. */
  cutoverFailure: number;
};
export type TNodeState = { id: string; capacityQps: number };
export type TCacheNodeState = { id: string; capacityKeys: number; filled: number };

export type TClusterState = {
  spec: TClusterSpec;
  nodes: TNodeState[];
  /** Node id → position in `nodes` (nodes never change after creation). */
  nodeIndex: Map<string, number>;
  shards: TShardState[];
  cacheNodes: TCacheNodeState[];
  routingVersion: number;
  clusterThrottleQps: number | null;
  salting: Map<string, number>;
  overlays: Map<string, number>;
  nextShardNumber: number;
  /** Sorted range starts of `shards` (kept sorted by start), rebuilt on every placement change. */
  starts: Float64Array;
};

export function shardName(i: number, total: number): string {
  return `s-${String(i).padStart(Math.max(2, String(total - 1).length), "0")}`;
}

export function createClusterState(spec: TClusterSpec): TClusterState {
  const nodes = Array.from({ length: spec.nodes }, (_, i) => ({ id: `${spec.name}-db-${i + 1}`, capacityQps: spec.nodeCapacityQps }));
  const ring = createNodeRing(nodes.map((n) => n.id));
  const nodeIndex = new Map(nodes.map((n, i) => [n.id, i]));
  const width = RING_SIZE / spec.shards;
  const shards: TShardState[] = [];
  for (let i = 0; i < spec.shards; i++) {
    const start = Math.round(i * width);
    const end = Math.round((i + 1) * width);
    const id = shardName(i, spec.shards);
    // Placement: the node owning the shard's hash on the consistent-hash ring of nodes.
    const node = ring.owner(hash32(`${spec.name}/${id}`));
    shards.push(newShard(nodeIndex, { id, start, end, node, sizeGb: spec.shardSizeGb, replicas: [] }));
  }
  const cacheNodes = Array.from({ length: spec.cache?.nodes ?? 0 }, (_, i) => ({
    id: `${spec.name}-cache-${i + 1}`,
    capacityKeys: spec.cache!.keysPerNode,
    filled: spec.cache!.keysPerNode,
  }));
  const state: TClusterState = {
    spec,
    nodes,
    nodeIndex,
    shards,
    cacheNodes,
    routingVersion: 1,
    clusterThrottleQps: null,
    salting: new Map(),
    overlays: new Map(),
    nextShardNumber: spec.shards,
    starts: new Float64Array(0),
  };
  for (const shard of shards) shard.replicas = placeReplicas(state, shard.id, shard.node);
  reindex(state);
  return state;
}

/**
 * Every field set in one constructor, numbers as doubles from the start: one hidden class with
 * in-object fields, so the step loops over 10,000 shards stay fast (mixed shapes were 40× slower).
 */
class ShardState implements TShardState {
  id: string;
  start: number;
  end: number;
  private nodeId = "";
  nodeIx = 0;
  sizeGb: number;
  replicas: TReplicaState[];
  throttleQps: number | null = null;
  readsToReplicas = 0.5;
  copyLoad = 0.5;
  copyTarget: string | null = null;
  cutoverFailure = 0.5;
  constructor(
    private readonly index: Map<string, number>,
    init: TNewShard,
  ) {
    this.id = init.id;
    this.start = 0.5;
    this.start = init.start;
    this.end = 0.5;
    this.end = init.end;
    this.node = init.node;
    this.sizeGb = 0.5;
    this.sizeGb = init.sizeGb;
    this.replicas = init.replicas;
    this.readsToReplicas = this.copyLoad = this.cutoverFailure = 0;
  }
  get node(): string {
    return this.nodeId;
  }
  set node(id: string) {
    this.nodeId = id;
    this.nodeIx = this.index.get(id) ?? -1;
  }
}

class ReplicaState implements TReplicaState {
  backlog = 0.5;
  partitionedFor = 0.5;
  private nodeId = "";
  nodeIx = 0;
  constructor(
    private readonly index: Map<string, number>,
    readonly id: string,
    node: string,
  ) {
    this.node = node;
    this.backlog = this.partitionedFor = 0;
  }
  get node(): string {
    return this.nodeId;
  }
  set node(id: string) {
    this.nodeId = id;
    this.nodeIx = this.index.get(id) ?? -1;
  }
}

type TNewShard = Pick<TShardState, "id" | "start" | "end" | "node" | "sizeGb" | "replicas">;

export function newShard(index: Map<string, number>, init: TNewShard): TShardState {
  return new ShardState(index, init);
}

/** Keeps shards sorted by range start and the lookup index in step with them. */
export function reindex(state: TClusterState): void {
  state.shards.sort((a, b) => a.start - b.start);
  state.starts = Float64Array.from(state.shards, (s) => s.start);
}

export function shardAt(state: TClusterState, pos: number): TShardState {
  return state.shards[findRange(state.starts, pos)]!;
}

export function findShard(state: TClusterState, id: string): TShardState | undefined {
  return state.shards.find((s) => s.id === id);
}

export function findReplica(state: TClusterState, id: string): { shard: TShardState; replica: TReplicaState } | undefined {
  for (const shard of state.shards) {
    const replica = shard.replicas.find((r) => r.id === id);
    if (replica) return { shard, replica };
  }
  return undefined;
}

export function keyName(state: TClusterState, rank: number): string {
  return `${state.spec.keyPrefix}${rank}`;
}

/** The rank of a key named like the cluster's keys, or null for a key outside the model's names. */
export function keyRank(state: TClusterState, key: string): number | null {
  if (!key.startsWith(state.spec.keyPrefix)) return null;
  const n = Number(key.slice(state.spec.keyPrefix.length));
  return Number.isInteger(n) && n >= 1 && n <= state.spec.keys ? n : null;
}

/** Which cache node holds a key (its index in `cacheNodes`), or -1 without a cache tier. */
export function cacheIndexFor(state: TClusterState, key: string): number {
  const n = state.cacheNodes.length;
  return n ? hash32(`cache/${key}`) % n : -1;
}

function placeReplicas(state: TClusterState, id: string, node: string): TReplicaState[] {
  const others = state.nodes.map((n) => n.id).filter((n) => n !== node);
  return Array.from(
    { length: Math.min(state.spec.replicasPerShard, others.length) },
    (_, r) => new ReplicaState(state.nodeIndex, `${id}-r${r + 1}`, others[(hash32(`${id}/r${r}`) + r) % others.length]!),
  );
}

/** Cuts [at, end) out of `parent` into a new shard on `node` (a split's or a new shard's cutover). */
export function carveShard(state: TClusterState, parent: TShardState, at: number, node: string): TShardState {
  const id = shardName(state.nextShardNumber++, state.spec.shards);
  const fraction = (parent.end - at) / (parent.end - parent.start);
  const child = newShard(state.nodeIndex, { id, start: at, end: parent.end, node, sizeGb: parent.sizeGb * fraction, replicas: placeReplicas(state, id, node) });
  parent.end = at;
  parent.sizeGb -= child.sizeGb;
  state.shards.push(child);
  reindex(state);
  state.routingVersion++;
  return child;
}

/** Folds `child` back into the shard just before it (a split's rollback). */
export function mergeShard(state: TClusterState, parent: TShardState, child: TShardState): void {
  parent.end = child.end;
  parent.sizeGb += child.sizeGb;
  state.shards = state.shards.filter((s) => s !== child);
  reindex(state);
  state.routingVersion++;
}
