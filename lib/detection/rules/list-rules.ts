import { requirePermission } from "@/lib/auth/require";
import type { TCtx } from "@/lib/context";
import { toRuleView, WITH_CREATOR } from "./internal";

/** Every rule, by name. */
export async function listRules({ ctx }: { ctx: TCtx }) {
  requirePermission(ctx.actor, "read");
  const rows = await ctx.db.rule.findMany({ orderBy: { name: "asc" }, include: WITH_CREATOR });
  return rows.map(toRuleView);
}
