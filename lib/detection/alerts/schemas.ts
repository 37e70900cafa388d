import { z } from "zod";
import { ALERT_STATES, type TAlertState } from "@/lib/detection/engine/types";
import { ZSeverity } from "@/lib/detection/rules/schema";

export const ZAlertState = z.enum(ALERT_STATES, { error: `state must be one of ${ALERT_STATES.join(", ")}` });

// `state` may repeat (?state=pending&state=firing) or be comma-separated (?state=pending,firing).
function repeatable(v: unknown): unknown {
  if (v === undefined) return undefined;
  const values: unknown[] = Array.isArray(v) ? v : [v];
  return values.flatMap((x) => (typeof x === "string" ? x.split(",") : [x]));
}

export const ALERTS_LIMIT_MAX = 1000;

export const ZListAlertsInput = z.object({
  state: z.preprocess(repeatable, z.array(ZAlertState).optional()),
  cluster: z.string().min(1, "must not be empty").max(128, "at most 128 characters").optional(),
  /** Alerts whose onset (activeAt) is at or after this time, ms. */
  since: z.coerce.number({ error: "expected milliseconds since the epoch" }).int("expected whole milliseconds").nonnegative("must be ≥ 0").optional(),
  source: z.enum(["shardwatch", "alertmanager"], { error: 'source must be "shardwatch" or "alertmanager"' }).optional(),
  limit: z.coerce
    .number({ error: "expected a number" })
    .int("expected a whole number")
    .min(1, "at least 1")
    .max(ALERTS_LIMIT_MAX, `at most ${ALERTS_LIMIT_MAX}`)
    .default(200),
});
export type TListAlertsInput = { state?: TAlertState[] | undefined; cluster?: string | undefined; source?: "shardwatch" | "alertmanager" | undefined; since?: number | undefined; limit?: number | undefined };

export const ZAlertLabels = z.object({
  cluster: z.string(),
  shard: z.string().optional(),
  replica: z.string().optional(),
  node: z.string().optional(),
  key: z.string().optional(),
});

/** An alert received from Alertmanager keeps everything it came with. */
export const ZExternalAlert = z.object({
  labels: z.record(z.string(), z.string()),
  annotations: z.record(z.string(), z.string()),
  generatorURL: z.string().optional(),
  endsAt: z.number().optional(),
});
export type TExternalAlert = z.infer<typeof ZExternalAlert>;

/** DESIGN.md's alert (id … resolvedAt) plus additive fields. */
export const ZAlertView = z.object({
  id: z.string(),
  rule: z.string(),
  severity: ZSeverity,
  state: ZAlertState,
  labels: ZAlertLabels,
  /** null only for a statistic that is not finite (JSON has no Infinity). */
  value: z.number().nullable(),
  summary: z.string(),
  activeAt: z.number(),
  firedAt: z.number().optional(),
  resolvedAt: z.number().optional(),
  ruleId: z.string().nullable(),
  fingerprint: z.string(),
  lastEvalAt: z.number(),
  flapping: z.boolean(),
  flapCount: z.number(),
  expected: z.boolean(),
  silenced: z.boolean(),
  latencyMs: z.number().optional(),
  /** shardwatch: this engine's rules; alertmanager: received from an Alertmanager webhook. */
  source: z.enum(["shardwatch", "alertmanager"]),
  external: ZExternalAlert.optional(),
});
export type TAlertView = z.infer<typeof ZAlertView>;

export const ZRuleLatency = z.object({
  ruleId: z.string().nullable(),
  ruleName: z.string(),
  count: z.number(),
  p50Ms: z.number(),
  p95Ms: z.number(),
});
export type TRuleLatency = z.infer<typeof ZRuleLatency>;
