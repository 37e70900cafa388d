import { z } from "zod";
import { requirePermission } from "@/lib/auth/require";
import type { TCtx } from "@/lib/context";
import { toAlertView, ZAlertView } from "@/lib/detection/alerts";
import { adHocRules } from "@/lib/detection/rules/ad-hoc";
import { loadActiveRules } from "@/lib/detection/rules";
import { ZRuleInput } from "@/lib/detection/rules/schema";
import { fromZodError } from "@/lib/errors";
import { fastValidSamples } from "@/lib/telemetry/fast-validate";
import { MAX_SAMPLES_PER_BATCH, ZSample, type TSample } from "@/lib/telemetry/sample";
import { runBacktest } from "./run";

// POST /api/v1/backtest: a trace evaluated in its own time by the live engine; nothing is stored.

export const BACKTEST_MAX_BYTES = 20_000_000;
export const BACKTEST_MAX_SAMPLES = 1_000_000;
export const BACKTEST_MAX_RULES = 100;

export const ZBacktestInput = z.strictObject({
  samples: z
    .array(z.unknown())
    .min(1, "send at least one sample")
    .max(BACKTEST_MAX_SAMPLES, `at most ${BACKTEST_MAX_SAMPLES.toLocaleString("en-US")} samples`),
  rules: z.array(ZRuleInput).min(1, "omit rules to use the configured ones").max(BACKTEST_MAX_RULES).optional(),
});
export type TBacktestInput = z.infer<typeof ZBacktestInput>;

export const ZBacktestResult = z.object({
  alerts: z.array(ZAlertView),
  evaluations: z.number(),
  failures: z.array(z.object({ rule: z.string(), message: z.string() })),
});

/** The common well-formed trace is checked by the fast validator in batch-sized chunks; zod words any problem. */
function parseSamples(raw: unknown[]): TSample[] {
  const out: TSample[] = [];
  for (let i = 0; i < raw.length; i += MAX_SAMPLES_PER_BATCH) {
    const chunk = raw.slice(i, i + MAX_SAMPLES_PER_BATCH);
    const fast = fastValidSamples({ samples: chunk });
    if (fast) {
      out.push(...fast);
      continue;
    }
    const parsed = z.strictObject({ samples: z.array(ZSample) }).safeParse({ samples: raw });
    if (!parsed.success) throw fromZodError(parsed.error, "The backtest trace");
    return parsed.data.samples;
  }
  return out;
}

export async function backtest({ ctx, input }: { ctx: TCtx; input: TBacktestInput }) {
  requirePermission(ctx.actor, "read");
  const samples = parseSamples(input.samples);
  const rules = input.rules ? adHocRules(input.rules) : await loadActiveRules(ctx.db);
  const result = runBacktest(samples, rules);
  return {
    alerts: result.alerts.map((a) => toAlertView(a)),
    evaluations: result.evaluations,
    failures: result.failures.map((f) => ({ rule: f.ruleName, message: f.message })),
  };
}
