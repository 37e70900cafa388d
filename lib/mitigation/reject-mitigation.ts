import { requirePermission } from "@/lib/auth/require";
import type { TCtx } from "@/lib/context";
import { nowOf } from "@/lib/context";
import { ForbiddenError, fromZodError, ValidationError } from "@/lib/errors";
import { applyTransition, getMitigationOrThrow, toMitigationView } from "./internal";
import { ZDecisionInput, type TDecisionInput, type TMitigationView } from "./schemas";

/** A person rejects a proposal (or an approved one before it starts), saying why. */
export async function rejectMitigation({ ctx, input }: { ctx: TCtx; input: { id: string } & TDecisionInput }): Promise<TMitigationView> {
  requirePermission(ctx.actor, "operate");
  if (ctx.actor.type !== "user") throw new ForbiddenError("A person rejects mitigations; sign in as an operator");
  const parsed = ZDecisionInput.safeParse(input);
  if (!parsed.success) throw fromZodError(parsed.error, "The decision");
  if (!parsed.data.comment) throw new ValidationError("Say why you reject it", [{ path: "comment", message: "a rejection needs a comment" }]);
  const actor = ctx.actor;
  const at = nowOf(ctx);
  return ctx.db.$transaction(async (tx) => {
    await applyTransition(tx, { id: input.id, event: "reject", actor, at, version: parsed.data.version, audit: { comment: parsed.data.comment }, requestId: ctx.requestId });
    await tx.mitigationApproval.upsert({
      where: { mitigationId_userId: { mitigationId: input.id, userId: actor.id } },
      create: { mitigationId: input.id, userId: actor.id, decision: "reject", comment: parsed.data.comment, createdAt: at },
      update: { decision: "reject", comment: parsed.data.comment, createdAt: at },
    });
    return toMitigationView(await getMitigationOrThrow(tx, input.id));
  });
}
