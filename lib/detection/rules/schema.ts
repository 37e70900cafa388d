import { z } from "zod";
import { ZDuration } from "@/lib/duration";

// Detection rules are data: a kind with its parameters, a `for` duration, a clear condition
// (hysteresis: every kind has a separate, laxer threshold to resolve) and flapping settings.
// Thresholds are named fireX / clearX so the pair is visible side by side in the editor.

export const SEVERITIES = ["info", "warning", "critical"] as const;
export const ZSeverity = z.enum(SEVERITIES);
export type TSeverity = z.infer<typeof ZSeverity>;

export const SHARD_RULE_METRICS = ["qps", "p99Ms", "cpu", "iops", "errorRate"] as const;
export const ZShardMetric = z.enum(SHARD_RULE_METRICS, { error: `metric must be one of ${SHARD_RULE_METRICS.join(", ")}` });

const nonneg = z.number({ error: "expected a number" }).finite().nonnegative("must be ≥ 0");
const positive = z.number({ error: "expected a number" }).finite().positive("must be > 0");
const fraction = z.number({ error: "expected a number" }).min(0, "must be between 0 and 1").max(1, "must be between 0 and 1");
const minCount = (min: number) => z.number().int("must be a whole number").min(min, `must be at least ${min}`);

/** Shard load against the rest of its cluster: every enabled test must hold (0 turns one off). */
export const ZHotShardParams = z.strictObject({
  metric: ZShardMetric.default("qps"),
  /** Share of cluster load as a multiple of the fair share (1/shards). */
  fireShareOfFair: positive.default(3),
  clearShareOfFair: positive.default(2),
  /** Value over the cluster median. */
  minMedianRatio: nonneg.default(3),
  /** Robust z-score against the fleet: (value − median) / (1.4826 · MAD). */
  minRobustZ: nonneg.default(4),
  /**
   * Value over the shard's own baseline (median of its last `baselineMinutes`, recent 2 min left out).
   * Off (0) by default: an incident already under way when Shardwatch starts would otherwise never fire.
   */
  minHistoryRatio: nonneg.default(0),
  baselineMinutes: positive.default(20),
  /** Below this many reporting shards the statistics mean nothing and the rule stays silent. */
  minShards: minCount(3).default(4),
  /** Ignore shards below this value (e.g. qps), so a nearly idle cluster cannot alert. */
  minValue: nonneg.default(100),
});

/** Skew of the whole cluster against its own recent level: a cluster can be skewed by design. */
export const ZClusterSkewParams = z.strictObject({
  metric: ZShardMetric.default("qps"),
  index: z.enum(["gini", "cv"]).default("gini"),
  /** Rise of the index over its baseline (median over `baselineMinutes`, frozen while the alert is open). */
  fireRise: positive.default(0.05),
  clearRise: nonneg.default(0.025),
  /** And the index itself must be at least this. */
  fireAbove: nonneg.default(0.08),
  baselineMinutes: positive.default(30),
  minShards: minCount(4).default(8),
  /** Cluster total below which skew is not judged. */
  minTotal: nonneg.default(500),
});

export const ZShardThresholdParams = z.strictObject({
  metric: ZShardMetric,
  fireAbove: nonneg,
  clearBelow: nonneg,
});

export const ZFleetOutlierParams = z.strictObject({
  metric: ZShardMetric,
  /** Value over the cluster median. */
  fireRatio: positive.default(4),
  clearRatio: positive.default(2.5),
  /** Absolute floor: a shard at 8 ms while the fleet is at 2 ms is not a problem. */
  minValue: nonneg,
  minShards: minCount(3).default(4),
});

export const ZReplicaLagParams = z.strictObject({
  fireAboveSeconds: positive.default(30),
  clearBelowSeconds: nonneg.default(20),
});

export const ZReplicaLagGrowthParams = z.strictObject({
  /** Least-squares slope of lag over this window, in seconds of lag per second. */
  windowSeconds: ZDuration.default(180),
  fireSlope: positive.default(0.02),
  clearSlope: nonneg.default(0.005),
  /** Fit quality: steady growth, not noise. */
  minR2: fraction.default(0.8),
  minLagSeconds: nonneg.default(5),
});

export const ZReplicaStalledParams = z.strictObject({
  /** Lag reported exactly constant over this window while the shard takes traffic. */
  windowSeconds: ZDuration.default(60),
  minShardQps: nonneg.default(10),
});

export const ZReplicaMissingParams = z.strictObject({
  /** A replica that reported before and has been silent this long while its cluster reports. */
  silentSeconds: ZDuration.default(30),
});

export const ZCacheHitDropParams = z.strictObject({
  /** Drop of the hit ratio below the node's own baseline, in ratio points (0.15 = 15 points). */
  fireDrop: fraction.default(0.15),
  clearDrop: fraction.default(0.08),
  baselineMinutes: positive.default(20),
  /** Minimum gets/s (hits + misses) for the ratio to mean anything. */
  minGetsPerSec: nonneg.default(100),
});

export const ZEvictionStormParams = z.strictObject({
  /** Evictions/s over the node's own baseline. */
  fireRatio: positive.default(5),
  clearRatio: positive.default(2),
  minPerSec: nonneg.default(200),
  baselineMinutes: positive.default(20),
});

export const ZHotKeyParams = z.strictObject({
  /** One key's share of its cache node's gets. */
  fireShare: fraction.default(0.25),
  clearShare: fraction.default(0.15),
  minGetsPerSec: nonneg.default(100),
});

export const ANOMALY_METRICS = [
  "shard.qps",
  "shard.p99Ms",
  "shard.cpu",
  "shard.iops",
  "shard.errorRate",
  "replica.lagSeconds",
  "cache.hitsPerSec",
  "cache.missesPerSec",
  "cache.evictionsPerSec",
] as const;

export const ZAnomalyParams = z.strictObject({
  metric: z.enum(ANOMALY_METRICS, { error: `metric must be one of ${ANOMALY_METRICS.join(", ")}` }),
  /** Anomaly score in [0, 1] from the streaming detector. */
  fireScore: fraction.default(0.75),
  clearScore: fraction.default(0.5),
});

export const RULE_KINDS = [
  "hot-shard",
  "cluster-skew",
  "shard-threshold",
  "fleet-outlier",
  "replica-lag",
  "replica-lag-growth",
  "replica-stalled",
  "replica-missing",
  "cache-hit-drop",
  "eviction-storm",
  "hot-key",
  "anomaly",
] as const;
export type TRuleKind = (typeof RULE_KINDS)[number];

// ---- A whole rule: common settings plus one kind ----

export const ZRuleName = z
  .string({ error: "expected a string" })
  .regex(/^[a-z0-9][a-z0-9-]{0,62}$/, "lowercase letters, digits and dashes, at most 63 characters");

const common = {
  name: ZRuleName,
  title: z.string().trim().min(1, "must not be empty").max(120, "at most 120 characters"),
  description: z.string().max(2000, "at most 2000 characters").default(""),
  severity: ZSeverity.default("warning"),
  enabled: z.boolean().default(true),
  /** Limits the rule to one cluster; absent: every cluster. */
  cluster: z.string().min(1).max(128).optional(),
  /** How long the condition must hold before the alert fires (pending until then). */
  for: ZDuration.default(10),
  /** How long the clear condition must hold before a firing alert resolves. */
  clearFor: ZDuration.default(0),
  /** A target that fires again this soon after resolving reopens its alert, marked flapping, without paging. */
  flapWindow: ZDuration.default(600),
};

const ruleOf = <K extends string, P extends z.ZodType>(k: K, params: P) => z.strictObject({ ...common, kind: z.literal(k), params });

const ZRuleUnion = z.discriminatedUnion(
  "kind",
  [
    ruleOf("hot-shard", ZHotShardParams.prefault({})),
    ruleOf("cluster-skew", ZClusterSkewParams.prefault({})),
    ruleOf("shard-threshold", ZShardThresholdParams),
    ruleOf("fleet-outlier", ZFleetOutlierParams),
    ruleOf("replica-lag", ZReplicaLagParams.prefault({})),
    ruleOf("replica-lag-growth", ZReplicaLagGrowthParams.prefault({})),
    ruleOf("replica-stalled", ZReplicaStalledParams.prefault({})),
    ruleOf("replica-missing", ZReplicaMissingParams.prefault({})),
    ruleOf("cache-hit-drop", ZCacheHitDropParams.prefault({})),
    ruleOf("eviction-storm", ZEvictionStormParams.prefault({})),
    ruleOf("hot-key", ZHotKeyParams.prefault({})),
    ruleOf("anomaly", ZAnomalyParams),
  ],
  { error: (issue) => (issue.code === "invalid_union" ? `kind must be one of ${RULE_KINDS.join(", ")}` : undefined) },
);

type TRuleUnion = z.infer<typeof ZRuleUnion>;
type TIssue = { path: (string | number)[]; message: string };

/** [fire key, clear key, direction]: "above" means the clear threshold must not exceed the fire one. */
const HYSTERESIS: Partial<Record<TRuleKind, [string, string]>> = {
  "hot-shard": ["fireShareOfFair", "clearShareOfFair"],
  "cluster-skew": ["fireRise", "clearRise"],
  "shard-threshold": ["fireAbove", "clearBelow"],
  "fleet-outlier": ["fireRatio", "clearRatio"],
  "replica-lag": ["fireAboveSeconds", "clearBelowSeconds"],
  "replica-lag-growth": ["fireSlope", "clearSlope"],
  "cache-hit-drop": ["fireDrop", "clearDrop"],
  "eviction-storm": ["fireRatio", "clearRatio"],
  "hot-key": ["fireShare", "clearShare"],
  anomaly: ["fireScore", "clearScore"],
};

/** Checks no schema can express alone: thresholds that contradict, windows too short for the data. */
export function ruleProblems(rule: TRuleUnion, sampleIntervalSeconds: number): TIssue[] {
  const out: TIssue[] = [];
  const params = rule.params as Record<string, number | string>;
  const pair = HYSTERESIS[rule.kind];
  if (pair) {
    const [fire, clear] = pair;
    if (Number(params[clear]) > Number(params[fire])) {
      out.push({
        path: ["params", clear],
        message: `must be at most ${fire} (${params[fire]}): otherwise the alert would resolve while it should still fire; lower ${clear} or raise ${fire}`,
      });
    }
  }
  const minWindow = 2 * sampleIntervalSeconds;
  for (const key of ["windowSeconds", "silentSeconds"] as const) {
    const v = params[key];
    if (typeof v === "number" && v < minWindow) {
      out.push({
        path: ["params", key],
        message: `must be at least ${minWindow} s (two sample intervals of ${sampleIntervalSeconds} s), or it sees fewer than two samples`,
      });
    }
  }
  if (rule.kind === "shard-threshold" && (rule.params.metric === "cpu" || rule.params.metric === "errorRate") && rule.params.fireAbove > 1) {
    out.push({ path: ["params", "fireAbove"], message: `${rule.params.metric} is a fraction between 0 and 1; use e.g. 0.85 for 85%` });
  }
  if (rule.kind === "fleet-outlier" && rule.params.fireRatio <= 1) {
    out.push({ path: ["params", "fireRatio"], message: "must be above 1: it is a multiple of the cluster median" });
  }
  return out;
}

/** The sample interval the checks assume when none is configured. */
export const DEFAULT_SAMPLE_INTERVAL_SECONDS = 5;

export function makeZRuleInput(sampleIntervalSeconds = DEFAULT_SAMPLE_INTERVAL_SECONDS) {
  return ZRuleUnion.superRefine((rule, ctx) => {
    for (const issue of ruleProblems(rule, sampleIntervalSeconds)) ctx.addIssue({ code: "custom", ...issue });
  });
}

/** A rule as operators write it (API, editor, backtest): durations in seconds or "30s" form. */
export const ZRuleInput = makeZRuleInput();
export type TRuleInput = z.input<typeof ZRuleInput>;
export type TRuleDefinition = z.infer<typeof ZRuleInput>;

/** A stored rule: its definition plus identity, version and evaluation health. */
export type TRule = TRuleDefinition & {
  id: string;
  version: number;
  /** Set when evaluation threw: the rule is disabled until an operator saves it again. */
  disabledReason: string | null;
  createdAt: Date;
  updatedAt: Date;
};
