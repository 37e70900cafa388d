import { ConflictError, NotFoundError, ValidationError } from "@/lib/errors";
import {
  FINAL_PHASES,
  type TControlPlane,
  type TMoveOptions,
  type TOperation,
  type TOperationKind,
  type TOperationPhase,
  type TShardLoad,
  type TSplitOptions,
  type TTopology,
} from "@/lib/control-plane/types";

// A small in-memory control plane that behaves like a plausible real one: unknown clusters, shards and
// operations are 404, a second split or move of a shard already being copied is 409, and data-moving
// operations advance one phase each time they are polled. It records every call so tests can check what arrived.

export type TRecordedCall = { method: keyof TControlPlane; args: unknown[] };

const COPY_PHASES: TOperationPhase[] = ["planned", "copying", "catching-up", "verifying", "cutover", "done"];
const T0 = 1_763_812_800_000;
const copies = (kind: TOperationKind) => kind === "split" || kind === "move";

function topologyOf(cluster: string): TTopology {
  const shard = (id: string, node: string, start: string, end: string) => ({
    ...{ id, node, keyRange: { start, end }, capacityQps: 5000, status: "active" as const, sizeGb: 12.5 },
    replicas: [{ id: `${id}-r1`, node: node === "db-1" ? "db-2" : "db-1" }],
  });
  return {
    cluster,
    routingVersion: 7,
    nodes: [
      { id: "db-1", capacityQps: 20000, up: true },
      { id: "db-2", capacityQps: 20000, up: true },
    ],
    shards: [shard("s-01", "db-1", "0", "2147483648"), shard("s-02", "db-2", "2147483648", "4294967296")],
    cacheNodes: [{ id: "c-1", capacityKeys: 100000 }],
  };
}

export class FakeControlPlane implements TControlPlane {
  readonly name = "fake";
  readonly calls: TRecordedCall[] = [];
  readonly ops = new Map<string, TOperation>();
  private failure: Error | null = null;
  private seq = 0;

  constructor(private readonly clusters: string[]) {}

  /** The next call throws `err` (as a broken control plane would). */
  failNextWith(err: Error): void {
    this.failure = err;
  }

  async describeTopology(cluster: string) {
    this.record("describeTopology", cluster);
    return this.topology(cluster);
  }
  async inspectShard(cluster: string, shard: string): Promise<TShardLoad> {
    this.record("inspectShard", cluster, shard);
    const s = this.topology(cluster).shards.find((x) => x.id === shard);
    if (!s) throw new NotFoundError(`No shard ${shard} in ${cluster}`);
    // s-01 has one hot key; every other shard a spread of small ones.
    const hot = shard === "s-01";
    return {
      ...{ cluster, shard, node: s.node, at: T0 + this.seq, readQps: hot ? 900 : 1200, writeQps: hot ? 3100 : 400 },
      ...{ replicaReadQps: hot ? 0 : 300, readsToReplicas: hot ? 0 : 0.2, salted: [], overlaid: hot ? [] : ["user:7"] },
      topKeys: hot
        ? [
            { key: "user:42", readQps: 300, writeQps: 2800 },
            { key: "user:9", readQps: 20, writeQps: 5 },
          ]
        : [{ key: "user:7", readQps: 12, writeQps: 1 }],
      throttledQps: 0,
      sizeGb: s.sizeGb,
    };
  }
  async splitShard(cluster: string, shard: string, opts?: TSplitOptions) {
    this.record("splitShard", cluster, shard, opts);
    return this.start("split", cluster, shard, { ...opts });
  }
  async moveShard(cluster: string, shard: string, toNode: string, opts?: TMoveOptions) {
    this.record("moveShard", cluster, shard, toNode, opts);
    if (!this.topology(cluster).nodes.some((n) => n.id === toNode)) {
      throw new ValidationError(`No node ${toNode}`, [{ path: "toNode", message: "unknown node" }]);
    }
    return this.start("move", cluster, shard, { toNode, ...opts });
  }
  async throttle(cluster: string, target: string, limitQps: number) {
    this.record("throttle", cluster, target, limitQps);
    return this.start("throttle", cluster, target, { limitQps });
  }
  async enableKeySalting(cluster: string, key: string, buckets: number) {
    this.record("enableKeySalting", cluster, key, buckets);
    return this.start("key-salting", cluster, key, { buckets });
  }
  async enableCacheOverlay(cluster: string, keys: string[], ttlSeconds: number) {
    this.record("enableCacheOverlay", cluster, keys, ttlSeconds);
    return this.start("cache-overlay", cluster, keys.join(","), { keys, ttlSeconds });
  }
  async routeReadsToReplicas(cluster: string, shard: string, fraction: number) {
    this.record("routeReadsToReplicas", cluster, shard, fraction);
    return this.start("reads-to-replicas", cluster, shard, { fraction });
  }
  async getOperation(id: string) {
    this.record("getOperation", id);
    return this.advance(this.getOrThrow(id));
  }
  async listOperations(cluster?: string) {
    this.record("listOperations", cluster);
    return [...this.ops.values()].filter((o) => !cluster || o.cluster === cluster);
  }
  async rollback(id: string) {
    this.record("rollback", id);
    const op = this.getOrThrow(id);
    if (op.phase === "rolled-back" || op.rollbackOf) throw new ConflictError(`Operation ${id} cannot be rolled back (${op.phase})`);
    this.ops.set(id, { ...op, phase: "rolled-back", message: "rolled back" });
    return this.start(op.kind, op.cluster, op.target, op.params, id);
  }

  private record(method: keyof TControlPlane, ...args: unknown[]): void {
    this.calls.push({ method, args });
    const once = this.failure;
    this.failure = null;
    if (once) throw once;
  }

  private topology(cluster: string): TTopology {
    if (!this.clusters.includes(cluster)) throw new NotFoundError(`No cluster named ${cluster}`);
    return topologyOf(cluster);
  }

  private getOrThrow(id: string): TOperation {
    const op = this.ops.get(id);
    if (!op) throw new NotFoundError(`No operation ${id}`);
    return op;
  }

  private start(kind: TOperationKind, cluster: string, target: string, params: Record<string, unknown>, rollbackOf: string | null = null): TOperation {
    const shards = this.topology(cluster).shards.map((s) => s.id);
    if ((copies(kind) || kind === "reads-to-replicas") && !shards.includes(target)) throw new NotFoundError(`No shard ${target} in ${cluster}`);
    const busy = [...this.ops.values()].find((o) => o.cluster === cluster && o.target === target && copies(o.kind) && !FINAL_PHASES.includes(o.phase));
    if (busy && copies(kind) && !rollbackOf) throw new ConflictError(`${target} is busy with operation ${busy.id} (${busy.kind}, ${busy.phase})`);
    const id = `op-${++this.seq}`;
    const at = T0 + this.seq;
    const op: TOperation = {
      ...{ id, kind, cluster, target, params, phase: "planned", progress: 0, startedAt: at, updatedAt: at },
      ...{ etaAt: copies(kind) ? at + 600_000 : null, failedRequests: 0, message: `${kind} of ${target} planned`, rollbackOf },
    };
    this.ops.set(id, op);
    return op;
  }

  /** Copying operations walk every phase; the others go straight from planned to done. */
  private advance(op: TOperation): TOperation {
    const phases = copies(op.kind) ? COPY_PHASES : (["planned", "done"] as TOperationPhase[]);
    const at = phases.indexOf(op.phase);
    if (at < 0 || at === phases.length - 1) return op;
    const phase = phases[at + 1]!;
    const next = { ...op, phase, progress: (at + 1) / (phases.length - 1), updatedAt: op.updatedAt + 1000, message: `${op.kind} ${phase}` };
    this.ops.set(op.id, next);
    return next;
  }
}
