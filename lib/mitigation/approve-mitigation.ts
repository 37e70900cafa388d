import { writeAudit } from "@/lib/audit/write-audit";
import { requirePermission } from "@/lib/auth/require";
import type { TCtx } from "@/lib/context";
import { nowOf } from "@/lib/context";
import { isUniqueViolation } from "@/lib/db/errors";
import { ConflictError, ForbiddenError, fromZodError } from "@/lib/errors";
import { applyTransition, getMitigationOrThrow, toMitigationView } from "./internal";
import { ZDecisionInput, type TDecisionInput, type TMitigationView } from "./schemas";
import { approvalOutcome, type TMitigationState } from "./state";

/**
 * A person approves a proposal. With one approval required it becomes approved (the orchestrator
 * picks it up); with two, the first vote is recorded and the proposal waits for a different person.
 * The vote row's key (proposal, person) and the conditional update on the version make a double
 * approval impossible, also from parallel requests.
 */
export async function approveMitigation({ ctx, input }: { ctx: TCtx; input: { id: string } & TDecisionInput }): Promise<TMitigationView> {
  requirePermission(ctx.actor, "operate");
  if (ctx.actor.type !== "user") throw new ForbiddenError("A person approves mitigations; sign in as an operator (API tokens cannot approve)");
  const parsed = ZDecisionInput.safeParse(input);
  if (!parsed.success) throw fromZodError(parsed.error, "The decision");
  const actor = ctx.actor;
  const at = nowOf(ctx);
  try {
    return await ctx.db.$transaction(async (tx) => {
      const current = await getMitigationOrThrow(tx, input.id);
      if (parsed.data.version !== undefined && parsed.data.version !== current.version)
        throw new ConflictError(`This mitigation changed since you loaded it (version ${current.version}, now ${current.state}); reload it and decide again`);
      if (current.expiresAt.getTime() <= at.getTime() && current.state === "proposed")
        throw new ConflictError("This proposal has expired; ask for a fresh one from the alert");
      const votes = current.approvals.filter((a) => a.decision === "approve").map((a) => ({ userId: a.userId }));
      const outcome = approvalOutcome({ state: current.state as TMitigationState, required: current.requiredApprovals, votes, by: { userId: actor.id, role: actor.role } });
      await tx.mitigationApproval.create({ data: { mitigationId: current.id, userId: actor.id, decision: "approve", comment: parsed.data.comment, createdAt: at } });
      if (outcome === "approved") {
        const row = await applyTransition(tx, { id: current.id, event: "approve", actor, at, version: current.version, audit: { comment: parsed.data.comment }, requestId: ctx.requestId });
        return toMitigationView(row);
      }
      const { count } = await tx.mitigation.updateMany({ where: { id: current.id, state: "proposed", version: current.version }, data: { version: { increment: 1 }, updatedAt: at } });
      if (count === 0) throw new ConflictError("Someone else decided on this mitigation at the same moment; reload it");
      await writeAudit(tx, {
        actor,
        action: "mitigation.approve-first",
        targetType: "mitigation",
        targetId: current.id,
        after: { approvals: votes.length + 1, required: current.requiredApprovals, comment: parsed.data.comment },
        requestId: ctx.requestId,
      });
      return toMitigationView(await getMitigationOrThrow(tx, current.id));
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw new ConflictError("You have decided on this mitigation already");
    throw err;
  }
}
