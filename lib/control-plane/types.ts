import { z } from "zod";

// The control-plane adapter: how Shardwatch acts on a sharded system. The simulator implements it
// with realistic costs; the HTTP adapter calls a real control plane. Every action returns at once
// with an operation whose progress is polled.

export const OPERATION_PHASES = ["planned", "copying", "catching-up", "verifying", "cutover", "done", "failed", "rolled-back"] as const;
export const ZOperationPhase = z.enum(OPERATION_PHASES);
export type TOperationPhase = z.infer<typeof ZOperationPhase>;
export const FINAL_PHASES: readonly TOperationPhase[] = ["done", "failed", "rolled-back"];

export const OPERATION_KINDS = ["split", "move", "throttle", "key-salting", "cache-overlay", "reads-to-replicas"] as const;
export const ZOperationKind = z.enum(OPERATION_KINDS);
export type TOperationKind = z.infer<typeof ZOperationKind>;

export const ZOperation = z.object({
  id: z.string(),
  kind: ZOperationKind,
  cluster: z.string(),
  /** What it acts on: a shard id, a key, a node, or "cluster". */
  target: z.string(),
  params: z.record(z.string(), z.unknown()),
  phase: ZOperationPhase,
  /** 0..1 within the whole operation. */
  progress: z.number().min(0).max(1),
  startedAt: z.number(),
  updatedAt: z.number(),
  /** Estimated end, when known. */
  etaAt: z.number().nullable(),
  /** Requests that failed because of the operation itself (cutover), for verification. */
  failedRequests: z.number().nonnegative(),
  message: z.string(),
  /** The operation this one undoes, for rollbacks. */
  rollbackOf: z.string().nullable(),
});
export type TOperation = z.infer<typeof ZOperation>;

export const ZTopologyShard = z.object({
  id: z.string(),
  node: z.string(),
  /** Hash-ring range [start, end) as decimal strings of 32-bit positions. */
  keyRange: z.object({ start: z.string(), end: z.string() }),
  capacityQps: z.number(),
  status: z.enum(["active", "copying", "retired"]),
  replicas: z.array(z.object({ id: z.string(), node: z.string() })),
  sizeGb: z.number(),
});
export const ZTopology = z.object({
  cluster: z.string(),
  /** How fast the plane copies shard data, for plan estimates; absent: the planner assumes a default. */
  copyMBps: z.number().positive().optional(),
  /** Increases with every cutover that changes placement. */
  routingVersion: z.number().int(),
  nodes: z.array(z.object({ id: z.string(), capacityQps: z.number(), up: z.boolean() })),
  shards: z.array(ZTopologyShard),
  cacheNodes: z.array(z.object({ id: z.string(), capacityKeys: z.number() })),
});
export type TTopology = z.infer<typeof ZTopology>;

/**
 * What one shard serves right now, as the data plane samples it: the read/write mix, the busiest keys
 * and where reads go. Mitigation choice needs it: one hot key is fixed by salting or a cache overlay,
 * not by a split; a read-heavy range by sending reads to replicas.
 */
export const ZShardLoad = z.object({
  cluster: z.string(),
  shard: z.string(),
  node: z.string(),
  /** The adapter's clock, ms. */
  at: z.number(),
  /** Requests per second reaching the primary. */
  readQps: z.number().nonnegative(),
  writeQps: z.number().nonnegative(),
  /** Reads per second served by the shard's replicas. */
  replicaReadQps: z.number().nonnegative(),
  /** Share of the shard's reads routed to replicas now (0: all on the primary). */
  readsToReplicas: z.number().min(0).max(1),
  /** The busiest keys on this shard, busiest first, at most 20 (counted where they land: primary and replicas). */
  topKeys: z.array(z.object({ key: z.string(), readQps: z.number().nonnegative(), writeQps: z.number().nonnegative() })).max(20),
  /** Keys with salting or a cache overlay in force on this shard. */
  salted: z.array(z.string()),
  overlaid: z.array(z.string()),
  /** Requests per second refused by a throttle on this shard (or its cluster's share of one). */
  throttledQps: z.number().nonnegative(),
  sizeGb: z.number().nonnegative(),
});
export type TShardLoad = z.infer<typeof ZShardLoad>;

export type TSplitOptions = { at?: string; toNode?: string; bufferWrites?: boolean };
export type TMoveOptions = { bufferWrites?: boolean };

/** All times are the adapter's clock (simulated or wall). */
export interface TControlPlane {
  readonly name: string;
  describeTopology(cluster: string): Promise<TTopology>;
  /** The shard's current load by reads/writes and its busiest keys (see ZShardLoad). */
  inspectShard(cluster: string, shard: string): Promise<TShardLoad>;
  splitShard(cluster: string, shard: string, opts?: TSplitOptions): Promise<TOperation>;
  moveShard(cluster: string, shard: string, toNode: string, opts?: TMoveOptions): Promise<TOperation>;
  /** target: a shard id, or "cluster" for the whole cluster; limit in requests per second. */
  throttle(cluster: string, target: string, limitQps: number): Promise<TOperation>;
  enableKeySalting(cluster: string, key: string, buckets: number): Promise<TOperation>;
  enableCacheOverlay(cluster: string, keys: string[], ttlSeconds: number): Promise<TOperation>;
  routeReadsToReplicas(cluster: string, shard: string, fraction: number): Promise<TOperation>;
  getOperation(id: string): Promise<TOperation>;
  listOperations(cluster?: string): Promise<TOperation[]>;
  /** Undoes a finished (or running) operation; returns the rollback operation. */
  rollback(id: string): Promise<TOperation>;
}
