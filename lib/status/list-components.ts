import { requirePermission } from "@/lib/auth/require";
import type { TCtx } from "@/lib/context";
import { toComponentView } from "./internal";

/** Every component in page order. */
export async function listComponents({ ctx }: { ctx: TCtx }) {
  requirePermission(ctx.actor, "read");
  const rows = await ctx.db.statusComponent.findMany({ orderBy: [{ position: "asc" }, { name: "asc" }] });
  return rows.map(toComponentView);
}
