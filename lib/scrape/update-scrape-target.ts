import { writeAudit } from "@/lib/audit/write-audit";
import { requirePermission } from "@/lib/auth/require";
import type { TCtx } from "@/lib/context";
import { nowOf } from "@/lib/context";
import { ConflictError, ValidationError } from "@/lib/errors";
import { notifyScrapeTargetsChanged } from "./changes";
import { checkTargetUrl, configOf, getScrapeTargetOrThrow, toScrapeTarget, WITH_CREATOR, type TScrapeGuard, type TTargetConfig } from "./internal";
import { timingProblem, ZUpdateScrapeTargetInput, type TUpdateScrapeTargetInput } from "./schemas";

// A new URL starts a new history: the old one's errors say nothing about it.
const FRESH_STATUS = { lastScrapeAt: null, lastSuccessAt: null, lastError: null, lastDurationMs: null, lastSampleCount: null, consecutiveFailures: 0 };

function changedFields(before: TTargetConfig, after: TTargetConfig) {
  const keys = (Object.keys(after) as (keyof TTargetConfig)[]).filter((k) => before[k] !== after[k]);
  return { before: Object.fromEntries(keys.map((k) => [k, before[k]])), after: Object.fromEntries(keys.map((k) => [k, after[k]])), count: keys.length };
}

/**
 * Changes a target's settings or enables/disables it. The URL is re-checked only when it changes,
 * so disabling a target never fails because DNS is down.
 */
export async function updateScrapeTarget({ ctx, input, guard }: { ctx: TCtx; input: { id: string } & TUpdateScrapeTargetInput; guard: TScrapeGuard }) {
  requirePermission(ctx.actor, "operate");
  const { id, ...rest } = input;
  const patch = ZUpdateScrapeTargetInput.parse(rest);
  const current = await getScrapeTargetOrThrow(ctx.db, id);
  const before = configOf(current);
  const next: TTargetConfig = { ...before, ...Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) };
  const problem = timingProblem(next);
  if (problem) throw new ValidationError(`timeoutSeconds ${problem}`, [{ path: "timeoutSeconds", message: problem }]);
  const diff = changedFields(before, next);
  if (diff.count === 0) return toScrapeTarget(current);
  const urlChanged = next.url !== before.url;
  if (urlChanged) await checkTargetUrl(next.url, guard);
  const row = await ctx.db.$transaction(async (tx) => {
    const { count } = await tx.scrapeTarget.updateMany({
      where: { id, ...before },
      data: { ...next, ...(urlChanged ? FRESH_STATUS : {}), updatedAt: nowOf(ctx) },
    });
    if (count === 0) throw new ConflictError(`Scrape target "${before.name}" was changed or deleted meanwhile; reload and try again`);
    await writeAudit(tx, {
      actor: ctx.actor,
      action: next.enabled !== before.enabled && diff.count === 1 ? (next.enabled ? "scrape_target.enable" : "scrape_target.disable") : "scrape_target.update",
      targetType: "scrape_target",
      targetId: id,
      before: diff.before,
      after: diff.after,
      requestId: ctx.requestId,
    });
    return tx.scrapeTarget.findUniqueOrThrow({ where: { id }, include: WITH_CREATOR });
  });
  notifyScrapeTargetsChanged();
  return toScrapeTarget(row);
}
