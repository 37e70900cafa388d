import { requirePermission } from "@/lib/auth/require";
import type { TCtx } from "@/lib/context";
import { toToken } from "./internal";

/** Every token, newest first, active before revoked. */
export async function listTokens({ ctx }: { ctx: TCtx }) {
  requirePermission(ctx.actor, "admin");
  const rows = await ctx.db.apiToken.findMany({
    orderBy: [{ revokedAt: { sort: "desc", nulls: "first" } }, { createdAt: "desc" }],
    include: { createdBy: { select: { email: true } } },
  });
  return rows.map(toToken);
}
