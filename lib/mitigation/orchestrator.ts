import type { TControlPlane, TOperation } from "@/lib/control-plane/types";
import { SYSTEM_ACTOR } from "@/lib/auth/actor";
import { ConflictError, NotFoundError } from "@/lib/errors";
import type { PrismaClient } from "@/lib/generated/prisma/client.ts";
import { log } from "@/lib/log";
import { Breaker } from "./breaker";
import type { TChoiceInput, TExpectation } from "./choose";
import { expireMitigations } from "./expire-mitigations";
import { applyTransition, toJson, toMitigationView, WITH_DETAIL, type TMitigationRow } from "./internal";
import type { TMitigationView } from "./schemas";
import { ACTIVE_STATES, type TMitigationEvent } from "./state";
import { judge } from "./verify";

// Carries approved mitigations out through the control plane, one step per tick: guardrails and a
// re-check of the signal before starting, progress while the operation runs, the registry mirrored
// at cutover, verification against the plan, rollbacks. Everything it knows is in the database, so
// a restart resumes where it was (operations live in the control plane; ids are stored).

export type TGuardrails = {
  /** Operations running at once per cluster. */
  maxConcurrentPerCluster: number;
  /** Shards one operation may touch (a salted key over 16 buckets touches up to 16). */
  maxShardsTouched: number;
  /** Consecutive failed operations that pause automation until an admin resumes it. */
  breakerAfterFailures: number;
  /** How long after cutover the effect is measured. */
  verifyAfterMs: number;
};

export const DEFAULT_GUARDRAILS: TGuardrails = { maxConcurrentPerCluster: 1, maxShardsTouched: 16, breakerAfterFailures: 3, verifyAfterMs: 30_000 };

export type TOrchestratorDeps = {
  db: PrismaClient;
  /** The control plane, or null when none is configured (nothing starts; running ones wait). */
  plane: () => TControlPlane | null;
  /** Fresh facts about a mitigation's target: the re-check before starting. Null: cannot tell now. */
  facts: (m: TMitigationView, was: TChoiceInput) => Promise<TChoiceInput | null>;
  /** The current value of one planned expectation (a shard's load, a node's utilisation). */
  measure: (m: TMitigationView, e: TExpectation) => Promise<number | null>;
  /** Mirrors the plane's topology into the shard registry after a cutover. */
  syncRegistry?: (cluster: string) => Promise<void>;
  guard?: Partial<TGuardrails>;
  now?: () => number;
  /** Told after every transition the orchestrator makes (webhooks, live UI). */
  onChange?: (m: TMitigationView, event: TMitigationEvent) => void;
};

const RUNNING = ["executing", "verifying", "rolling-back"];

/** Shards whose data or placement an action changes at most, from its parameters (the blast radius). */
export function shardsTouched(m: Pick<TMitigationView, "action" | "target" | "params">): number {
  switch (m.action) {
    case "split":
      return 2;
    case "move":
    case "reads-to-replicas":
      return 1;
    case "throttle":
      // A limit at the router: no shard's data or placement changes, whatever its scope.
      return m.target === "cluster" ? 0 : 1;
    case "key-salting":
      return Number(m.params.buckets) || 1;
    case "cache-overlay":
      return 0;
  }
}

/** Whether the signal that justified `m` still stands: null if so, else why not (said to the approver). */
export function cooledDown(m: TMitigationView, was: TChoiceInput, now: TChoiceInput): string | null {
  const first = m.plan.expected[0];
  if (m.action === "throttle" && m.target === "cluster") {
    const base = now.cluster.baselineQps ?? was.cluster.baselineQps;
    if (base && now.cluster.qps < 1.2 * base)
      return `Re-checked before starting: ${now.cluster.name} is back to ${Math.round(now.cluster.qps)} req/s (usual ${Math.round(base)}; it was ${Math.round(was.cluster.qps)} when proposed).`;
    return null;
  }
  if (!now.shard || !was.shard || !first) return null;
  if (first.unit === "%") {
    const node = now.nodes.find((n) => n.id === first.target);
    if (!node?.capacityQps) return null;
    const util = (node.shards.reduce((s, x) => s + x.qps, 0) / node.capacityQps) * 100;
    return util < 70 ? `Re-checked before starting: ${first.target} is down to ${Math.round(util)}% of its capacity (it was ${first.before}% when proposed).` : null;
  }
  const fair = now.cluster.shardCount ? now.cluster.qps / now.cluster.shardCount : 0;
  const calm = Math.max(first.after, 1.2 * fair);
  if (now.shard.qps <= calm)
    return `Re-checked before starting: ${now.shard.id} is down to ${Math.round(now.shard.qps)} req/s (it was ${Math.round(was.shard.qps)} when proposed, the plan aimed at ${Math.round(first.after)}).`;
  return null;
}

const str = (v: unknown, fallback: string): string => (typeof v === "string" && v ? v : fallback);

function callPlane(plane: TControlPlane, m: TMitigationView): Promise<TOperation> {
  const p = m.params;
  switch (m.action) {
    case "split":
      return plane.splitShard(m.cluster, m.target, { at: p.at as string | undefined, toNode: p.toNode as string | undefined, bufferWrites: true });
    case "move":
      return plane.moveShard(m.cluster, m.target, String(p.toNode), { bufferWrites: true });
    case "throttle":
      return plane.throttle(m.cluster, str(p.target, m.target), Number(p.limitQps));
    case "key-salting":
      return plane.enableKeySalting(m.cluster, str(p.key, m.target), Number(p.buckets));
    case "cache-overlay":
      return plane.enableCacheOverlay(m.cluster, (p.keys as string[]) ?? [m.target], Number(p.ttlSeconds));
    case "reads-to-replicas":
      return plane.routeReadsToReplicas(m.cluster, str(p.shard, m.target), Number(p.fraction));
  }
}

const progressOf = (op: TOperation) => ({ phase: op.phase, progress: op.progress, message: op.message, etaAt: op.etaAt, updatedAt: op.updatedAt, failedRequests: op.failedRequests });

export class MitigationOrchestrator {
  private timer: NodeJS.Timeout | null = null;
  private busy: Promise<void> | null = null;
  readonly guard: TGuardrails;
  readonly breaker: Breaker;
  private readonly now: () => number;

  constructor(private readonly deps: TOrchestratorDeps) {
    this.guard = { ...DEFAULT_GUARDRAILS, ...deps.guard };
    this.now = deps.now ?? Date.now;
    this.breaker = new Breaker(deps.db, this.guard.breakerAfterFailures, this.now);
  }

  start(intervalMs = 1000): void {
    this.timer = setInterval(() => void this.tick(), intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.busy;
  }

  /** One pass over expiring, approved and running mitigations; overlapping calls share the running one. */
  tick(): Promise<void> {
    this.busy ??= this.pass()
      .catch((err: unknown) => log.error("mitigation orchestrator pass failed", { err }))
      .finally(() => (this.busy = null));
    return this.busy;
  }

  private at(): Date {
    return new Date(this.now());
  }

  private async pass(): Promise<void> {
    await expireMitigations({ ctx: { db: this.deps.db, now: this.at() } });
    const rows = await this.deps.db.mitigation.findMany({ where: { state: { in: [...ACTIVE_STATES] } }, include: WITH_DETAIL, orderBy: { createdAt: "asc" } });
    for (const row of rows) {
      try {
        if (row.state === "approved") await this.startOne(row);
        else if (row.state === "executing" || row.state === "verifying") await this.follow(row);
        else if (row.state === "rolling-back") await this.followRollback(row);
      } catch (err) {
        if (err instanceof ConflictError) continue; // a person moved it meanwhile (rejected, rolled back)
        log.warn("mitigation step failed; retrying on the next pass", { id: row.id, err });
      }
    }
  }

  private async move(row: TMitigationRow, event: TMitigationEvent, data: Parameters<typeof applyTransition>[1]["data"] = {}, audit?: Record<string, unknown>): Promise<TMitigationView> {
    const at = this.at();
    const next = await this.deps.db.$transaction((tx) => applyTransition(tx, { id: row.id, event, actor: SYSTEM_ACTOR, at, version: row.version, data, audit }));
    const view = toMitigationView(next);
    this.deps.onChange?.(view, event);
    return view;
  }

  private async setNote(row: TMitigationRow, note: string): Promise<void> {
    if (row.note === note) return;
    await this.deps.db.mitigation.updateMany({ where: { id: row.id, version: row.version }, data: { note, updatedAt: this.at() } });
  }

  private async startOne(row: TMitigationRow): Promise<void> {
    const m = toMitigationView(row);
    const plane = this.deps.plane();
    if (!plane) return this.setNote(row, "Waiting: no control plane is configured (SHARDWATCH_CONTROL_PLANE_URL, or the simulator).");
    if (await this.breaker.isOpen())
      return this.setNote(row, `Waiting: automation is paused after ${this.guard.breakerAfterFailures} failed operations in a row; an admin resumes it on the Mitigations page.`);
    const running = await this.deps.db.mitigation.count({ where: { cluster: m.cluster, state: { in: RUNNING } } });
    if (running >= this.guard.maxConcurrentPerCluster)
      return this.setNote(row, `Waiting: ${running} operation${running > 1 ? "s" : ""} already running on ${m.cluster} (at most ${this.guard.maxConcurrentPerCluster} at once).`);
    const was = row.signal as unknown as TChoiceInput;
    const touched = shardsTouched(m);
    if (touched > this.guard.maxShardsTouched) {
      await this.move(row, "reject", { note: `Refused by the blast-radius cap: it would touch ${touched} shards, more than ${this.guard.maxShardsTouched}.` }, { touched });
      return;
    }
    let facts: TChoiceInput | null;
    try {
      facts = await this.deps.facts(m, was);
    } catch (err) {
      if (!(err instanceof NotFoundError)) throw err;
      // The control plane does not know the target: it cannot start, now or later.
      await this.move(row, "fail", { error: `The control plane refused it: ${err.message}`, finishedAt: this.at() });
      await this.breaker.failure(`${m.action} of ${m.target}: ${err.message}`);
      return;
    }
    if (!facts) return this.setNote(row, "Waiting: the current signal could not be read for the re-check; trying again.");
    const cooled = cooledDown(m, was, facts);
    if (cooled) {
      await this.move(row, "reconsider", { note: `${cooled} Approve again if it is still needed.`, signal: toJson(facts) }, { reason: cooled });
      await this.deps.db.mitigationApproval.deleteMany({ where: { mitigationId: row.id } });
      return;
    }
    const started = await this.move(row, "start", { startedAt: this.at(), note: null, progress: toJson({ phase: "planned", progress: 0, message: "starting", etaAt: null, updatedAt: this.now() }) });
    let op: TOperation;
    try {
      op = await callPlane(plane, started);
    } catch (err) {
      const fresh = await this.reload(row.id);
      await this.move(fresh, "fail", { error: `The control plane refused it: ${(err as Error).message}`, finishedAt: this.at() });
      await this.breaker.failure(`${m.action} of ${m.target} refused: ${(err as Error).message}`);
      return;
    }
    await this.deps.db.mitigation.update({ where: { id: row.id }, data: { operationId: op.id, progress: toJson(progressOf(op)), updatedAt: this.at() } });
  }

  private async reload(id: string): Promise<TMitigationRow> {
    const row = await this.deps.db.mitigation.findUnique({ where: { id }, include: WITH_DETAIL });
    if (!row) throw new NotFoundError(`No mitigation "${id}"`);
    return row;
  }

  /** After a restart between "executing" and the plane's answer: find the operation it started, if any. */
  private async adopt(plane: TControlPlane, row: TMitigationRow): Promise<string | null> {
    const since = (row.startedAt?.getTime() ?? 0) - 60_000;
    const ops = await plane.listOperations(row.cluster);
    const mine = ops.find((o) => o.kind === row.action && o.target === row.target && o.rollbackOf === null && o.startedAt >= since);
    if (!mine) return null;
    await this.deps.db.mitigation.update({ where: { id: row.id }, data: { operationId: mine.id, updatedAt: this.at() } });
    return mine.id;
  }

  private async follow(row: TMitigationRow): Promise<void> {
    const plane = this.deps.plane();
    if (!plane) return;
    const opId = row.operationId ?? (await this.adopt(plane, row));
    if (!opId) {
      await this.move(row, "fail", { error: "Shardwatch stopped before the control plane confirmed the operation, and the plane has no such operation: nothing was changed.", finishedAt: this.at() });
      return;
    }
    let op: TOperation;
    try {
      op = await plane.getOperation(opId);
    } catch (err) {
      if (!(err instanceof NotFoundError)) throw err;
      await this.move(row, "fail", { error: `The control plane no longer knows operation ${opId}.`, finishedAt: this.at() });
      await this.breaker.failure(`operation ${opId} lost`);
      return;
    }
    const progress = progressOf(op);
    if (row.state === "executing") {
      if (op.phase === "done") {
        await this.deps.syncRegistry?.(row.cluster).catch((err: unknown) => log.warn("shard registry not refreshed after cutover", { err }));
        await this.move(row, "cutover", { progress: toJson(progress), verification: toJson({ pendingSince: this.now() }) }, { operationId: opId });
        return;
      }
      if (op.phase === "failed" || op.phase === "rolled-back") {
        await this.move(row, "fail", { progress: toJson(progress), error: `The operation ${op.phase}: ${op.message}`, finishedAt: this.at() });
        await this.breaker.failure(`${row.action} of ${row.target}: ${op.message}`);
        return;
      }
      const last = row.progress as { phase?: string; progress?: number } | null;
      if (last?.phase !== op.phase || Math.abs((last?.progress ?? 0) - op.progress) >= 0.01)
        await this.deps.db.mitigation.updateMany({ where: { id: row.id, version: row.version }, data: { progress: toJson(progress), updatedAt: this.at() } });
      return;
    }
    // verifying: measure once the effect had time to show.
    const pendingSince = (row.verification as { pendingSince?: number } | null)?.pendingSince ?? this.now();
    if (this.now() - pendingSince < this.guard.verifyAfterMs) return;
    const m = toMitigationView(row);
    const measured = new Map<TExpectation, number | null>();
    for (const e of m.plan.expected) measured.set(e, await this.deps.measure(m, e));
    const verdict = judge(m.plan.expected, (e) => measured.get(e) ?? null, op.failedRequests);
    await this.move(row, "verified", { verification: toJson(verdict), outcome: verdict.outcome, finishedAt: this.at() }, { outcome: verdict.outcome });
    await this.breaker.success();
  }

  private async followRollback(row: TMitigationRow): Promise<void> {
    const plane = this.deps.plane();
    if (!plane) return;
    if (!row.rollbackOperationId) {
      if (!row.operationId) {
        await this.move(row, "rolled-back", { finishedAt: this.at(), note: "Nothing had started; nothing to undo." });
        return;
      }
      let op: TOperation;
      try {
        op = await plane.rollback(row.operationId);
      } catch (err) {
        if (err instanceof ConflictError && /nothing to roll back/.test(err.message)) {
          await this.move(row, "rolled-back", { finishedAt: this.at(), note: err.message });
          return;
        }
        await this.move(row, "rollback-failed", { error: `The control plane refused the rollback: ${(err as Error).message}`, finishedAt: this.at() });
        return;
      }
      await this.deps.db.mitigation.update({ where: { id: row.id }, data: { rollbackOperationId: op.id, progress: toJson(progressOf(op)), updatedAt: this.at() } });
      return;
    }
    const op = await plane.getOperation(row.rollbackOperationId);
    if (op.phase === "done" || op.phase === "rolled-back") {
      await this.deps.syncRegistry?.(row.cluster).catch((err: unknown) => log.warn("shard registry not refreshed after rollback", { err }));
      await this.move(row, "rolled-back", { progress: toJson(progressOf(op)), finishedAt: this.at() });
    } else if (op.phase === "failed") {
      await this.move(row, "rollback-failed", { progress: toJson(progressOf(op)), error: `The rollback failed: ${op.message}`, finishedAt: this.at() });
    } else {
      await this.deps.db.mitigation.updateMany({ where: { id: row.id, version: row.version }, data: { progress: toJson(progressOf(op)), updatedAt: this.at() } });
    }
  }
}
