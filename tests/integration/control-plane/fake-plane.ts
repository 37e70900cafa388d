import { ConflictError, NotFoundError, ValidationError } from "@/lib/errors";
import { FINAL_PHASES, type TControlPlane, type TOperation, type TOperationKind, type TOperationPhase, type TTopology } from "@/lib/control-plane/types";

// A small in-memory control plane that behaves like a plausible real one: unknown clusters, shards and
// operations are 404, a second split or move of a shard already being copied is 409, and data-moving operations advance one
// phase each time they are polled. It records every call so tests can check what arrived.

export type TRecordedCall = { method: keyof TControlPlane; args: unknown[] };

const COPY_PHASES: TOperationPhase[] = ["planned", "copying", "catching-up", "verifying", "cutover", "done"];
const QUICK_PHASES: TOperationPhase[] = ["planned", "done"];
const T0 = 1_763_812_800_000;

function topologyOf(cluster: string): TTopology {
  const shard = (id: string, node: string, start: string, end: string) => ({
    id,
    node,
    keyRange: { start, end },
    capacityQps: 5000,
    status: "active" as const,
    replicas: [{ id: `${id}-r1`, node: node === "db-1" ? "db-2" : "db-1" }],
    sizeGb: 12.5,
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

export function createFakePlane(clusters: string[]) {
  const calls: TRecordedCall[] = [];
  const ops = new Map<string, TOperation>();
  let failure: Error | null = null;
  let seq = 0;

  const record = (method: keyof TControlPlane, ...args: unknown[]) => {
    calls.push({ method, args });
    const once = failure;
    failure = null;
    if (once) throw once;
  };
  const topology = (cluster: string) => {
    if (!clusters.includes(cluster)) throw new NotFoundError(`No cluster named ${cluster}`);
    return topologyOf(cluster);
  };
  const phasesOf = (kind: TOperationKind) => (kind === "split" || kind === "move" ? COPY_PHASES : QUICK_PHASES);
  const getOrThrow = (id: string) => {
    const op = ops.get(id);
    if (!op) throw new NotFoundError(`No operation ${id}`);
    return op;
  };

  function start(kind: TOperationKind, cluster: string, target: string, params: Record<string, unknown>, rollbackOf: string | null = null) {
    const shards = topology(cluster).shards.map((s) => s.id);
    if ((kind === "split" || kind === "move" || kind === "reads-to-replicas") && !shards.includes(target)) {
      throw new NotFoundError(`No shard ${target} in ${cluster}`);
    }
    const copying = (k: TOperationKind) => k === "split" || k === "move";
    const busy = [...ops.values()].find((o) => o.cluster === cluster && o.target === target && copying(o.kind) && !FINAL_PHASES.includes(o.phase));
    if (busy && copying(kind) && !rollbackOf) throw new ConflictError(`${target} is busy with operation ${busy.id} (${busy.kind}, ${busy.phase})`);
    const id = `op-${++seq}`;
    const op: TOperation = {
      ...{ id, kind, cluster, target, params, phase: "planned", progress: 0, startedAt: T0 + seq, updatedAt: T0 + seq },
      ...{ etaAt: kind === "split" || kind === "move" ? T0 + 600_000 : null, failedRequests: 0, message: `${kind} of ${target} planned`, rollbackOf },
    };
    ops.set(id, op);
    return Promise.resolve(op);
  }

  function advance(id: string): TOperation {
    const op = getOrThrow(id);
    const phases = phasesOf(op.kind);
    const at = phases.indexOf(op.phase);
    if (at < 0 || at === phases.length - 1) return op;
    const phase = phases[at + 1]!;
    const next = { ...op, phase, progress: (at + 1) / (phases.length - 1), updatedAt: op.updatedAt + 1000, message: `${op.kind} ${phase}` };
    ops.set(id, next);
    return next;
  }

  const plane: TControlPlane = {
    name: "fake",
    describeTopology: async (cluster) => (record("describeTopology", cluster), topology(cluster)),
    splitShard: async (cluster, shard, opts) => (record("splitShard", cluster, shard, opts), start("split", cluster, shard, { ...opts })),
    moveShard: async (cluster, shard, toNode, opts) => {
      record("moveShard", cluster, shard, toNode, opts);
      if (!topology(cluster).nodes.some((n) => n.id === toNode)) throw new ValidationError(`No node ${toNode}`, [{ path: "toNode", message: "unknown node" }]);
      return start("move", cluster, shard, { toNode, ...opts });
    },
    throttle: async (cluster, target, limitQps) => (record("throttle", cluster, target, limitQps), start("throttle", cluster, target, { limitQps })),
    enableKeySalting: async (cluster, key, buckets) => (record("enableKeySalting", cluster, key, buckets), start("key-salting", cluster, key, { buckets })),
    enableCacheOverlay: async (cluster, keys, ttlSeconds) =>
      (record("enableCacheOverlay", cluster, keys, ttlSeconds), start("cache-overlay", cluster, keys.join(","), { keys, ttlSeconds })),
    routeReadsToReplicas: async (cluster, shard, fraction) =>
      (record("routeReadsToReplicas", cluster, shard, fraction), start("reads-to-replicas", cluster, shard, { fraction })),
    getOperation: async (id) => (record("getOperation", id), advance(id)),
    listOperations: async (cluster) => (record("listOperations", cluster), [...ops.values()].filter((o) => !cluster || o.cluster === cluster)),
    rollback: async (id) => {
      record("rollback", id);
      const op = getOrThrow(id);
      if (op.phase === "rolled-back" || op.rollbackOf) throw new ConflictError(`Operation ${id} cannot be rolled back (${op.phase})`);
      ops.set(id, { ...op, phase: "rolled-back", message: "rolled back" });
      return start(op.kind, op.cluster, op.target, op.params, id);
    },
  };
  return { plane, calls, ops, failNextWith: (err: Error) => void (failure = err) };
}
