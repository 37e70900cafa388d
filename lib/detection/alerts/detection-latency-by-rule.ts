import type { PrismaClient } from "@/lib/generated/prisma/client.ts";
import type { TRuleLatency } from "./schemas";

type TRow = { ruleId: string | null; ruleName: string; count: number | bigint; p50: number; p95: number };

/**
 * Per rule, over alerts that fired at or after `since` (ms): how many, and the median and 95th
 * percentile of firedAt − activeAt. A renamed rule is one row, under its latest name.
 */
export async function detectionLatencyByRule(db: PrismaClient, { since }: { since: number }): Promise<TRuleLatency[]> {
  const rows = await db.$queryRaw<TRow[]>`
    SELECT min("rule_id") AS "ruleId",
      (array_agg("rule_name" ORDER BY "fired_at" DESC))[1] AS "ruleName",
      count(*)::int AS "count",
      percentile_cont(0.5) WITHIN GROUP (ORDER BY "latency_ms") AS "p50",
      percentile_cont(0.95) WITHIN GROUP (ORDER BY "latency_ms") AS "p95"
    FROM "alerts"
    WHERE "latency_ms" IS NOT NULL AND "fired_at" >= ${BigInt(Math.floor(since))}
    GROUP BY COALESCE("rule_id", 'name:' || "rule_name")
    ORDER BY 2`;
  return rows.map((r) => ({ ruleId: r.ruleId, ruleName: r.ruleName, count: Number(r.count), p50Ms: Number(r.p50), p95Ms: Number(r.p95) }));
}
