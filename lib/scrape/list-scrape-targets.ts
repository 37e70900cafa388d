import { requirePermission } from "@/lib/auth/require";
import type { TCtx } from "@/lib/context";
import { toScrapeTarget, WITH_CREATOR } from "./internal";

/** Every scrape target with its last scrape's outcome, by name. */
export async function listScrapeTargets({ ctx }: { ctx: TCtx }) {
  requirePermission(ctx.actor, "read");
  const rows = await ctx.db.scrapeTarget.findMany({ orderBy: [{ name: "asc" }, { createdAt: "asc" }], include: WITH_CREATOR });
  return rows.map(toScrapeTarget);
}
