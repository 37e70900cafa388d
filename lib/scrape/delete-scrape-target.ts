import { writeAudit } from "@/lib/audit/write-audit";
import { requirePermission } from "@/lib/auth/require";
import type { TCtx } from "@/lib/context";
import { NotFoundError } from "@/lib/errors";
import { notifyScrapeTargetsChanged } from "./changes";
import { configOf, getScrapeTargetOrThrow } from "./internal";

/** Removes a scrape target; the scheduler drops it at its next reload (at once in this process). */
export async function deleteScrapeTarget({ ctx, input }: { ctx: TCtx; input: { id: string } }) {
  requirePermission(ctx.actor, "operate");
  await ctx.db.$transaction(async (tx) => {
    const before = await getScrapeTargetOrThrow(tx, input.id);
    const { count } = await tx.scrapeTarget.deleteMany({ where: { id: input.id } });
    if (count === 0) throw new NotFoundError(`No scrape target with id ${input.id}`);
    await writeAudit(tx, {
      actor: ctx.actor,
      action: "scrape_target.delete",
      targetType: "scrape_target",
      targetId: input.id,
      before: configOf(before),
      requestId: ctx.requestId,
    });
  });
  notifyScrapeTargetsChanged();
}
