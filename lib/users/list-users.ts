import { requirePermission } from "@/lib/auth/require";
import type { TCtx } from "@/lib/context";
import { toUserSummary } from "./internal";

export async function listUsers({ ctx }: { ctx: TCtx }) {
  requirePermission(ctx.actor, "admin");
  const users = await ctx.db.user.findMany({ orderBy: { createdAt: "asc" } });
  return users.map(toUserSummary);
}
