import { writeAudit } from "@/lib/audit/write-audit";
import { SYSTEM_ACTOR } from "@/lib/auth/actor";
import type { PrismaClient } from "@/lib/generated/prisma/client.ts";

const REASON_MAX = 2000;

/**
 * Evaluation threw: the rule stops until an operator saves it again. With `version`, only that version
 * is disabled, so a fix saved meanwhile is not switched off. Returns whether this call disabled it.
 * A health state, not an edit: the version does not change.
 */
export async function disableRuleOnError(db: PrismaClient, ruleId: string, reason: string, opts: { version?: number } = {}): Promise<boolean> {
  const disabledReason = reason.slice(0, REASON_MAX);
  return db.$transaction(async (tx) => {
    const { count } = await tx.rule.updateMany({
      where: { id: ruleId, enabled: true, ...(opts.version !== undefined ? { version: opts.version } : {}) },
      data: { enabled: false, disabledReason },
    });
    if (count === 0) return false;
    await writeAudit(tx, {
      actor: SYSTEM_ACTOR,
      action: "rule.disable",
      targetType: "rule",
      targetId: ruleId,
      before: { enabled: true },
      after: { enabled: false, disabledReason },
    });
    return true;
  });
}
