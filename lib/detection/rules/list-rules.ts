import { requirePermission } from "@/lib/auth/require";
import type { TCtx } from "@/lib/context";
import { nowOf } from "@/lib/context";
import { detectionLatencyByRule } from "@/lib/detection/alerts/detection-latency-by-rule";
import { toRuleView, WITH_CREATOR } from "./internal";

/** How far back the per-rule detection latency looks. */
export const LATENCY_WINDOW_MS = 7 * 86_400_000;

/** Every rule, by name, with its detection latency (onset to firing) over the last 7 days. */
export async function listRules({ ctx }: { ctx: TCtx }) {
  requirePermission(ctx.actor, "read");
  const [rows, latency] = await Promise.all([
    ctx.db.rule.findMany({ orderBy: { name: "asc" }, include: WITH_CREATOR }),
    detectionLatencyByRule(ctx.db, { since: nowOf(ctx).getTime() - LATENCY_WINDOW_MS }),
  ]);
  const byRule = new Map(latency.map((l) => [l.ruleId, l]));
  return rows.map((row) => {
    const l = byRule.get(row.id);
    return { ...toRuleView(row), detectionLatency: l ? { fired: l.count, p50Ms: l.p50Ms, p95Ms: l.p95Ms } : { fired: 0, p50Ms: null, p95Ms: null } };
  });
}
