import type { TOperation } from "@/lib/control-plane/types";
import { ConflictError, NotFoundError, ValidationError } from "@/lib/errors";
import { clusterOf, schedule, shardOf } from "./actions";
import type { SimModel } from "./model";
import { isFinal } from "./operations";

// Configuration changes (no data to copy): throttles, key salting, cache overlays, reads on replicas.
// Each lands at cutover and remembers the previous setting for rollback.

export function startThrottle(model: SimModel, cluster: string, target: string, limitQps: number): TOperation {
  if (!(limitQps > 0)) throw new ValidationError("The throttle limit must be a positive number of requests per second");
  const c = clusterOf(model, cluster);
  const shard = target === "cluster" ? null : shardOf(c, target);
  const get = () => (shard ? shard.throttleQps : c.state.clusterThrottleQps);
  const set = (v: number | null) => (shard ? (shard.throttleQps = v) : (c.state.clusterThrottleQps = v));
  const apply = () => {
    const before = get();
    set(limitQps);
    return { kind: "throttle" as const, target, params: { limitQps: before }, shard, copyGb: 0, apply: () => void set(before) };
  };
  return schedule(model, c, { kind: "throttle", target, params: { limitQps }, shard, copyGb: 0, apply });
}

export function startKeySalting(model: SimModel, cluster: string, key: string, buckets: number): TOperation {
  if (!Number.isInteger(buckets) || buckets < 2 || buckets > 256) throw new ValidationError("Salting needs a whole number of buckets between 2 and 256");
  if (!key) throw new ValidationError("Name the key to salt");
  const c = clusterOf(model, cluster);
  const apply = () => {
    const before = c.state.salting.get(key);
    c.state.salting.set(key, buckets);
    return {
      kind: "key-salting" as const,
      target: key,
      params: { buckets: before ?? 1 },
      shard: null,
      copyGb: 0,
      apply: () => void (before ? c.state.salting.set(key, before) : c.state.salting.delete(key)),
    };
  };
  return schedule(model, c, { kind: "key-salting", target: key, params: { buckets }, shard: null, copyGb: 0, apply });
}

export function startCacheOverlay(model: SimModel, cluster: string, keys: string[], ttlSeconds: number): TOperation {
  if (!keys.length || keys.length > 1000) throw new ValidationError("An overlay takes between 1 and 1000 keys");
  if (!(ttlSeconds >= 1 && ttlSeconds <= 86_400)) throw new ValidationError("The overlay TTL must be between 1 s and 1 day");
  const c = clusterOf(model, cluster);
  const apply = () => {
    const before = keys.map((k) => [k, c.state.overlays.get(k)] as const);
    for (const k of keys) c.state.overlays.set(k, ttlSeconds);
    const restore = () => before.forEach(([k, v]) => (v === undefined ? c.state.overlays.delete(k) : c.state.overlays.set(k, v)));
    return { kind: "cache-overlay" as const, target: keys.join(","), params: { keys, ttlSeconds: 0 }, shard: null, copyGb: 0, apply: restore };
  };
  return schedule(model, c, { kind: "cache-overlay", target: keys.join(","), params: { keys, ttlSeconds }, shard: null, copyGb: 0, apply });
}

export function startReadsToReplicas(model: SimModel, cluster: string, id: string, fraction: number): TOperation {
  if (!(fraction >= 0 && fraction <= 1)) throw new ValidationError("The fraction of reads must be between 0 and 1");
  const c = clusterOf(model, cluster);
  const shard = shardOf(c, id);
  if (!shard.replicas.length) throw new ConflictError(`Shard ${id} has no replicas to read from`);
  const apply = () => {
    const before = shard.readsToReplicas;
    shard.readsToReplicas = fraction;
    return {
      kind: "reads-to-replicas" as const,
      target: id,
      params: { fraction: before },
      shard,
      copyGb: 0,
      apply: () => void (shard.readsToReplicas = before),
    };
  };
  return schedule(model, c, { kind: "reads-to-replicas", target: id, params: { fraction }, shard, copyGb: 0, apply });
}

/** Undoes an operation: aborts it before cutover, or runs the reverse change (copying back if needed). */
export function startRollback(model: SimModel, id: string): TOperation {
  const s = model.ops.get(id);
  if (!s) throw new NotFoundError(`No operation "${id}"`);
  if (s.op.phase === "rolled-back" || s.op.phase === "failed") throw new ConflictError(`Operation ${id} is ${s.op.phase}; there is nothing to roll back`);
  if ([...model.ops.values()].some((o) => o.op.rollbackOf === id && !isFinal(o.op.phase)))
    throw new ConflictError(`Operation ${id} is already being rolled back`);
  const c = clusterOf(model, s.op.cluster);
  if (!s.undo) {
    s.phaseIndex = s.plan.length;
    s.op.phase = "rolled-back";
    s.op.message = "aborted before cutover; nothing changed";
    s.op.updatedAt = model.simMs;
    if (s.shard) s.shard.copyLoad = 0;
    return schedule(model, c, {
      kind: s.op.kind,
      target: s.op.target,
      params: { abort: true },
      shard: null,
      copyGb: 0,
      rollbackOf: id,
      apply: () => ({ kind: s.op.kind, target: s.op.target, params: {}, shard: null, copyGb: 0, apply: () => undefined }),
    });
  }
  const undo = s.undo;
  const apply = () => {
    undo.apply();
    s.op.phase = "rolled-back";
    s.op.message = "rolled back";
    return { ...undo, apply: () => undefined };
  };
  return schedule(model, c, {
    kind: undo.kind,
    target: undo.target,
    params: undo.params,
    shard: undo.shard,
    copyGb: undo.copyGb,
    copyTarget: undo.shard?.node ?? null,
    rollbackOf: id,
    apply,
  });
}
