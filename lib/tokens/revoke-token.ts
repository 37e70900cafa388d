import { writeAudit } from "@/lib/audit/write-audit";
import { requirePermission } from "@/lib/auth/require";
import type { TCtx } from "@/lib/context";
import { nowOf } from "@/lib/context";
import { ConflictError, NotFoundError } from "@/lib/errors";
import { forgetVerifiedToken } from "./verify-token";
import { toToken } from "./internal";

/** Revokes a token at once; revoking twice is a conflict, not a silent success. */
export async function revokeToken({ ctx, input }: { ctx: TCtx; input: { id: string } }) {
  requirePermission(ctx.actor, "admin");
  const at = nowOf(ctx);
  const row = await ctx.db.$transaction(async (tx) => {
    const { count } = await tx.apiToken.updateMany({ where: { id: input.id, revokedAt: null }, data: { revokedAt: at } });
    const current = await tx.apiToken.findUnique({ where: { id: input.id }, include: { createdBy: { select: { email: true } } } });
    if (!current) throw new NotFoundError(`No API token with id ${input.id}`);
    if (count === 0) throw new ConflictError(`Token "${current.name}" was already revoked`);
    await writeAudit(tx, {
      actor: ctx.actor,
      action: "token.revoke",
      targetType: "api_token",
      targetId: current.id,
      before: { revokedAt: null },
      after: { revokedAt: at.toISOString() },
      requestId: ctx.requestId,
    });
    return current;
  });
  forgetVerifiedToken(row.hash);
  return toToken(row);
}
