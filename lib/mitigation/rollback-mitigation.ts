import { requirePermission } from "@/lib/auth/require";
import type { TCtx } from "@/lib/context";
import { nowOf } from "@/lib/context";
import { ForbiddenError, fromZodError } from "@/lib/errors";
import { applyTransition, toMitigationView } from "./internal";
import { ZDecisionInput, type TDecisionInput, type TMitigationView } from "./schemas";

/**
 * A person asks to undo a mitigation (running, done or failed). The state moves to rolling-back at
 * once; the orchestrator asks the control plane for the rollback on its next pass and follows it.
 */
export async function rollbackMitigation({ ctx, input }: { ctx: TCtx; input: { id: string } & TDecisionInput }): Promise<TMitigationView> {
  requirePermission(ctx.actor, "operate");
  if (ctx.actor.type !== "user") throw new ForbiddenError("A person rolls back mitigations; sign in as an operator");
  const parsed = ZDecisionInput.safeParse(input);
  if (!parsed.success) throw fromZodError(parsed.error, "The request");
  const actor = ctx.actor;
  const row = await ctx.db.$transaction((tx) =>
    applyTransition(tx, { id: input.id, event: "rollback", actor, at: nowOf(ctx), version: parsed.data.version, audit: { comment: parsed.data.comment }, requestId: ctx.requestId }),
  );
  return toMitigationView(row);
}
