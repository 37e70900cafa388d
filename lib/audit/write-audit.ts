import type { Prisma } from "@/lib/generated/prisma/client.ts";
import type { TActor } from "@/lib/auth/actor";

type TTx = Pick<Prisma.TransactionClient, "auditLog">;

export type TAuditInput = {
  actor: TActor;
  action: string;
  targetType: string;
  targetId?: string | null;
  before?: unknown;
  after?: unknown;
  requestId?: string | null;
};

function toJson(value: unknown): Prisma.InputJsonValue | undefined {
  return value === undefined || value === null ? undefined : (JSON.parse(JSON.stringify(value)) as Prisma.InputJsonValue);
}

/** Appends one audit row; call it inside the transaction that makes the change it records. */
export async function writeAudit(tx: TTx, input: TAuditInput): Promise<void> {
  await tx.auditLog.create({
    data: {
      actorType: input.actor.type,
      actorId: input.actor.type === "system" ? null : input.actor.id,
      actorLabel: input.actor.label,
      action: input.action,
      targetType: input.targetType,
      targetId: input.targetId ?? null,
      before: toJson(input.before),
      after: toJson(input.after),
      requestId: input.requestId ?? null,
    },
  });
}
