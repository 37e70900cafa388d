import type { TRule, TRuleKind } from "@/lib/detection/rules/schema";
import { evaluateAnomaly } from "./anomaly";
import { evaluateCacheHitDrop, evaluateEvictionStorm, evaluateHotKey } from "./cache";
import { evaluateReplicaLag, evaluateReplicaLagGrowth, evaluateReplicaMissing, evaluateReplicaStalled } from "./replica";
import { evaluateClusterSkew, evaluateFleetOutlier, evaluateHotShard, evaluateShardThreshold } from "./shard";
import type { TEvalContext, TEvaluator, TFinding } from "./types";

export type { TEvalContext, TFinding, TFindingStatus, TRuleMemory } from "./types";

const EVALUATORS: { [K in TRuleKind]: TEvaluator<Extract<TRule, { kind: K }>> } = {
  "hot-shard": evaluateHotShard,
  "cluster-skew": evaluateClusterSkew,
  "shard-threshold": evaluateShardThreshold,
  "fleet-outlier": evaluateFleetOutlier,
  "replica-lag": evaluateReplicaLag,
  "replica-lag-growth": evaluateReplicaLagGrowth,
  "replica-stalled": evaluateReplicaStalled,
  "replica-missing": evaluateReplicaMissing,
  "cache-hit-drop": evaluateCacheHitDrop,
  "eviction-storm": evaluateEvictionStorm,
  "hot-key": evaluateHotKey,
  anomaly: evaluateAnomaly,
};

export function evaluateRule(ctx: TEvalContext): TFinding[] {
  const evaluate = EVALUATORS[ctx.rule.kind] as TEvaluator;
  return evaluate(ctx);
}
