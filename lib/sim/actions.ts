import type { TMoveOptions, TOperation, TOperationKind, TSplitOptions } from "@/lib/control-plane/types";
import { ConflictError, NotFoundError, ValidationError } from "@/lib/errors";
import type { TShardState } from "./cluster";
import { findShard, mergeShard, carveShard } from "./cluster";
import type { TSimCluster, SimModel } from "./model";
import type { TSimOperation, TUndo } from "./operations";
import { copyLoadFor, isFinal, planFor } from "./operations";
import { eventsOf } from "./events";

// The simulated control plane's actions: validate against the current topology, then schedule an
// operation whose cutover applies the change and remembers how to undo it.

export function clusterOf(model: SimModel, name: string): TSimCluster {
  const c = model.clusters.get(name);
  if (!c) throw new NotFoundError(`The simulator has no cluster "${name}" (it has ${[...model.clusters.keys()].join(", ")})`);
  return c;
}

export function shardOf(c: TSimCluster, id: string): TShardState {
  const shard = findShard(c.state, id);
  if (!shard) throw new NotFoundError(`Cluster ${c.state.spec.name} has no shard "${id}"`);
  return shard;
}

function ensureIdle(model: SimModel, shard: TShardState): void {
  const busy = [...model.ops.values()].find((s) => s.shard === shard && !isFinal(s.op.phase));
  if (busy) throw new ConflictError(`Shard ${shard.id} is busy with operation ${busy.op.id} (${busy.op.kind}, ${busy.op.phase})`);
}

/** Nodes down right now (a node-failure event is active on them). */
export function downNodes(model: SimModel, cluster: string): Set<string> {
  return new Set(eventsOf(model.active, cluster, "node-failure").map((a) => a.event.node));
}

export function usableNode(model: SimModel, c: TSimCluster, id: string): string {
  if (!c.state.nodes.some((n) => n.id === id)) throw new NotFoundError(`Cluster ${c.state.spec.name} has no node "${id}"`);
  if (downNodes(model, c.state.spec.name).has(id)) throw new ConflictError(`Node ${id} is down`);
  return id;
}

/** The up node with the most headroom, judged on the last step. */
export function coolestNode(model: SimModel, c: TSimCluster, except: string[] = []): string {
  const down = downNodes(model, c.state.spec.name);
  const candidates = c.state.nodes.filter((n) => !down.has(n.id) && !except.includes(n.id));
  if (!candidates.length) throw new ConflictError(`Cluster ${c.state.spec.name} has no other node that is up`);
  const util = (id: string) => c.last?.nodeUtil.get(id) ?? 0;
  return candidates.reduce((best, n) => (util(n.id) < util(best.id) ? n : best)).id;
}

type TStart = {
  kind: TOperationKind;
  target: string;
  params: Record<string, unknown>;
  shard: TShardState | null;
  copyGb: number;
  bufferWrites?: boolean;
  copyTarget?: string | null;
  apply: () => TUndo;
  rollbackOf?: string;
};

export function schedule(model: SimModel, c: TSimCluster, s: TStart): TOperation {
  const now = model.simMs;
  const op: TOperation = {
    id: model.nextId(s.kind),
    kind: s.kind,
    cluster: c.state.spec.name,
    target: s.target,
    params: s.params,
    phase: "planned",
    progress: 0,
    startedAt: now,
    updatedAt: now,
    etaAt: null,
    failedRequests: 0,
    message: "planned",
    rollbackOf: s.rollbackOf ?? null,
  };
  const plan = planFor(c.state, s.copyGb);
  op.etaAt = now + plan.reduce((sum, p) => sum + p.seconds * 1000, 0);
  const sim: TSimOperation = {
    op,
    plan,
    phaseIndex: 0,
    phaseStartMs: now,
    shard: s.shard,
    copyLoad: s.copyGb > 0 ? copyLoadFor(c.state) : 0,
    copyTarget: s.copyTarget ?? null,
    bufferWrites: s.bufferWrites ?? true,
    apply: s.apply,
    undo: null,
  };
  model.ops.set(op.id, sim);
  return op;
}

function parseAt(shard: TShardState, at: string | undefined): number {
  if (at === undefined) return Math.floor((shard.start + shard.end) / 2);
  const pos = /^[0-9a-f]{1,8}$/i.test(at) ? parseInt(at, 16) : NaN;
  if (!(pos > shard.start && pos < shard.end)) throw new ValidationError(`Split point "${at}" must be 8 hex digits strictly inside shard ${shard.id}'s range`);
  return pos;
}

export function startSplit(model: SimModel, cluster: string, id: string, opts: TSplitOptions = {}): TOperation {
  const c = clusterOf(model, cluster);
  const parent = shardOf(c, id);
  ensureIdle(model, parent);
  const at = parseAt(parent, opts.at);
  const toNode = opts.toNode ? usableNode(model, c, opts.toNode) : coolestNode(model, c);
  const copyGb = (parent.sizeGb * (parent.end - at)) / (parent.end - parent.start);
  const apply = (): TUndo => {
    const child = carveShard(c.state, parent, at, toNode);
    return {
      kind: "split",
      target: child.id,
      params: { mergeInto: parent.id },
      shard: child,
      copyGb: child.sizeGb,
      apply: () => mergeShard(c.state, parent, child),
    };
  };
  return schedule(model, c, {
    kind: "split",
    target: id,
    params: { at: at.toString(16).padStart(8, "0"), toNode, bufferWrites: opts.bufferWrites ?? true },
    shard: parent,
    copyGb,
    copyTarget: toNode,
    bufferWrites: opts.bufferWrites,
    apply,
  });
}

export function startMove(model: SimModel, cluster: string, id: string, toNode: string, opts: TMoveOptions = {}): TOperation {
  const c = clusterOf(model, cluster);
  const shard = shardOf(c, id);
  ensureIdle(model, shard);
  usableNode(model, c, toNode);
  if (shard.node === toNode) throw new ValidationError(`Shard ${id} is already on ${toNode}`);
  const relocate = (to: string) => {
    const from = shard.node;
    shard.node = to;
    for (const r of shard.replicas) if (r.node === to) r.node = from; // a replica never shares its primary's node
    c.state.routingVersion++;
    return from;
  };
  const apply = (): TUndo => {
    const from = relocate(toNode);
    return { kind: "move", target: id, params: { toNode: from }, shard, copyGb: shard.sizeGb, apply: () => void relocate(from) };
  };
  return schedule(model, c, {
    kind: "move",
    target: id,
    params: { toNode, bufferWrites: opts.bufferWrites ?? true },
    shard,
    copyGb: shard.sizeGb,
    copyTarget: toNode,
    bufferWrites: opts.bufferWrites,
    apply,
  });
}
