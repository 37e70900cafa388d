import { requirePermission } from "@/lib/auth/require";
import type { TCtx } from "@/lib/context";
import { getRuleOrThrow, WITH_CREATOR } from "./internal";
import type { TRuleVersionView } from "./schemas";

/** Every saved definition of a rule, newest first. */
export async function listRuleVersions({ ctx, input }: { ctx: TCtx; input: { id: string } }): Promise<TRuleVersionView[]> {
  requirePermission(ctx.actor, "read");
  await getRuleOrThrow(ctx.db, input.id);
  const rows = await ctx.db.ruleVersion.findMany({ where: { ruleId: input.id }, orderBy: { version: "desc" }, include: WITH_CREATOR });
  return rows.map((r) => ({
    version: r.version,
    definition: r.definition as Record<string, unknown>,
    createdBy: r.createdBy?.email ?? null,
    createdAt: r.createdAt.getTime(),
  }));
}
