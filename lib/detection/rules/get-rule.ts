import { requirePermission } from "@/lib/auth/require";
import type { TCtx } from "@/lib/context";
import { getRuleOrThrow, toRuleView } from "./internal";

export async function getRule({ ctx, input }: { ctx: TCtx; input: { id: string } }) {
  requirePermission(ctx.actor, "read");
  return toRuleView(await getRuleOrThrow(ctx.db, input.id));
}
