import type { Mitigation, MitigationApproval, Prisma, User } from "@/lib/generated/prisma/client.ts";
import type { TActor } from "@/lib/auth/actor";
import { writeAudit } from "@/lib/audit/write-audit";
import { ConflictError, NotFoundError } from "@/lib/errors";
import type { TMitigationView } from "./schemas";
import { nextState, type TMitigationEvent, type TMitigationState } from "./state";
import { emitMitigationEvent } from "./event-sink";

export const WITH_DETAIL = {
  approvals: { include: { user: { select: { name: true, email: true } } }, orderBy: { createdAt: "asc" } },
  requestedBy: { select: { email: true } },
} as const satisfies Prisma.MitigationInclude;

export type TMitigationRow = Mitigation & {
  approvals: (MitigationApproval & { user: Pick<User, "name" | "email"> })[];
  requestedBy: Pick<User, "email"> | null;
};
type TTx = Prisma.TransactionClient;

const ms = (d: Date | null) => (d ? d.getTime() : null);

export function toJson(value: unknown): Prisma.InputJsonValue {
  return JSON.parse(JSON.stringify(value)) as Prisma.InputJsonValue;
}

export function toMitigationView(row: TMitigationRow): TMitigationView {
  return {
    id: row.id,
    cluster: row.cluster,
    alertId: row.alertId,
    action: row.action as TMitigationView["action"],
    target: row.target,
    params: row.params as Record<string, unknown>,
    rank: row.rank,
    diagnosis: row.diagnosis,
    rationale: row.rationale,
    plan: row.plan as TMitigationView["plan"],
    state: row.state as TMitigationState,
    version: row.version,
    requiredApprovals: row.requiredApprovals,
    approvals: row.approvals.map((a) => ({
      userId: a.userId,
      name: a.user.name,
      email: a.user.email,
      decision: a.decision as "approve" | "reject",
      comment: a.comment,
      at: a.createdAt.getTime(),
    })),
    source: row.source as TMitigationView["source"],
    requestedBy: row.requestedBy?.email ?? null,
    operationId: row.operationId,
    rollbackOperationId: row.rollbackOperationId,
    progress: (row.progress as TMitigationView["progress"]) ?? null,
    verification: row.verification ?? null,
    outcome: (row.outcome as TMitigationView["outcome"]) ?? null,
    error: row.error,
    note: row.note,
    expiresAt: row.expiresAt.getTime(),
    startedAt: ms(row.startedAt),
    finishedAt: ms(row.finishedAt),
    createdAt: row.createdAt.getTime(),
    updatedAt: row.updatedAt.getTime(),
  };
}

export async function getMitigationOrThrow(tx: Pick<TTx, "mitigation">, id: string): Promise<TMitigationRow> {
  const row = await tx.mitigation.findUnique({ where: { id }, include: WITH_DETAIL });
  if (!row) throw new NotFoundError(`No mitigation "${id}"`);
  return row;
}

export type TTransition = {
  id: string;
  event: TMitigationEvent;
  actor: TActor;
  at: Date;
  /** The version the caller saw; omitted: whatever is current (the orchestrator). */
  version?: number;
  data?: Omit<Prisma.MitigationUpdateManyMutationInput, "state" | "version">;
  audit?: Record<string, unknown>;
  requestId?: string;
};

/**
 * Moves a mitigation by one event, as a conditional update on its state and version plus an audit
 * row, inside the caller's transaction. Two callers racing on the same proposal: one wins, the
 * other gets a ConflictError naming the state it found.
 */
export async function applyTransition(tx: TTx, t: TTransition): Promise<TMitigationRow> {
  const current = await getMitigationOrThrow(tx, t.id);
  if (t.version !== undefined && t.version !== current.version)
    throw new ConflictError(`This mitigation changed since you loaded it (version ${current.version}, now ${current.state}); reload it and decide again`);
  const to = nextState(current.state as TMitigationState, t.event);
  const { count } = await tx.mitigation.updateMany({
    where: { id: t.id, state: current.state, version: current.version },
    data: { ...t.data, state: to, version: { increment: 1 }, updatedAt: t.at },
  });
  if (count === 0) {
    const now = await getMitigationOrThrow(tx, t.id);
    throw new ConflictError(`Someone else moved this mitigation first (it is now ${now.state}); reload it`);
  }
  await writeAudit(tx, {
    actor: t.actor,
    action: `mitigation.${t.event}`,
    targetType: "mitigation",
    targetId: t.id,
    before: { state: current.state, version: current.version },
    after: { state: to, version: current.version + 1, ...t.audit },
    requestId: t.requestId,
  });
  const row = await getMitigationOrThrow(tx, t.id);
  await emitMitigationEvent(tx, t.event, toMitigationView(row));
  return row;
}
