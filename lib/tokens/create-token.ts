import { writeAudit } from "@/lib/audit/write-audit";
import { requirePermission } from "@/lib/auth/require";
import type { TCtx } from "@/lib/context";
import { nowOf } from "@/lib/context";
import { displayPrefix, hashToken, newTokenSecret, toToken } from "./internal";
import type { TCreateTokenInput } from "./schemas";
import { ZCreateTokenInput } from "./schemas";

/** Creates an API token; the secret is returned once and only its hash is kept. */
export async function createToken({ ctx, input }: { ctx: TCtx; input: TCreateTokenInput }) {
  requirePermission(ctx.actor, "admin");
  const { name, scopes } = ZCreateTokenInput.parse(input);
  const secret = newTokenSecret();
  const row = await ctx.db.$transaction(async (tx) => {
    const created = await tx.apiToken.create({
      data: {
        name,
        scopes,
        prefix: displayPrefix(secret),
        hash: hashToken(secret),
        createdById: ctx.actor.type === "user" ? ctx.actor.id : null,
        createdAt: nowOf(ctx),
      },
      include: { createdBy: { select: { email: true } } },
    });
    await writeAudit(tx, {
      actor: ctx.actor,
      action: "token.create",
      targetType: "api_token",
      targetId: created.id,
      after: { name, scopes, prefix: created.prefix },
      requestId: ctx.requestId,
    });
    return created;
  });
  return { ...toToken(row), secret };
}
