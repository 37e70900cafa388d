import { writeAudit } from "@/lib/audit/write-audit";
import { requirePermission } from "@/lib/auth/require";
import type { TCtx } from "@/lib/context";
import { nowOf } from "@/lib/context";
import { notifyScrapeTargetsChanged } from "./changes";
import { checkTargetUrl, configOf, toScrapeTarget, WITH_CREATOR, type TScrapeGuard } from "./internal";
import { ZCreateScrapeTargetInput, type TCreateScrapeTargetInput } from "./schemas";

/** Adds a scrape target after checking its URL against the guard (DNS included). */
export async function createScrapeTarget({ ctx, input, guard }: { ctx: TCtx; input: TCreateScrapeTargetInput; guard: TScrapeGuard }) {
  requirePermission(ctx.actor, "operate");
  const data = ZCreateScrapeTargetInput.parse(input);
  await checkTargetUrl(data.url, guard);
  const at = nowOf(ctx);
  const row = await ctx.db.$transaction(async (tx) => {
    const created = await tx.scrapeTarget.create({
      data: { ...data, createdById: ctx.actor.type === "user" ? ctx.actor.id : null, createdAt: at, updatedAt: at },
      include: WITH_CREATOR,
    });
    await writeAudit(tx, {
      actor: ctx.actor,
      action: "scrape_target.create",
      targetType: "scrape_target",
      targetId: created.id,
      after: configOf(created),
      requestId: ctx.requestId,
    });
    return created;
  });
  notifyScrapeTargetsChanged();
  return toScrapeTarget(row);
}
