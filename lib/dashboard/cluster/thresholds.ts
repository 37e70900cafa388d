import { median } from "@/lib/detection/engine/stats";
import type { TRuleDefinition } from "@/lib/detection/rules/schema";

// The levels at which enabled rules fire for one shard's metrics, for reference lines on its charts.
// Fixed thresholds as written; the relative ones (hot shard, fleet outlier) as they stand now. Pure.

export type TShardMetric = "qps" | "p99Ms" | "cpu" | "iops" | "errorRate";
export type TThreshold = { metric: TShardMetric; value: number; rule: string; title: string; kind: string; basis: string };
/** Every reporting shard's current value of each metric, for the relative rules. */
export type TFleetNow = Partial<Record<TShardMetric, number[]>>;

const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);

export function ruleThresholds(rules: readonly TRuleDefinition[], cluster: string, fleet: TFleetNow): TThreshold[] {
  const out: TThreshold[] = [];
  for (const r of rules) {
    if (!r.enabled || (r.cluster !== undefined && r.cluster !== cluster)) continue;
    const base = { rule: r.name, title: r.title, kind: r.kind };
    if (r.kind === "shard-threshold") out.push({ ...base, metric: r.params.metric, value: r.params.fireAbove, basis: "fixed" });
    else if (r.kind === "hot-shard") {
      const xs = fleet[r.params.metric] ?? [];
      if (xs.length < r.params.minShards) continue;
      // share ≥ k × fair share ⇔ value ≥ k × (1/n) × total
      const level = (r.params.fireShareOfFair * sum(xs)) / xs.length;
      out.push({ ...base, metric: r.params.metric, value: Math.max(level, r.params.minValue), basis: `${r.params.fireShareOfFair}× fair share, now` });
    } else if (r.kind === "fleet-outlier") {
      const xs = fleet[r.params.metric] ?? [];
      if (xs.length < r.params.minShards) continue;
      out.push({
        ...base,
        metric: r.params.metric,
        value: Math.max(r.params.fireRatio * median(xs), r.params.minValue),
        basis: `${r.params.fireRatio}× fleet median, now`,
      });
    }
  }
  return out;
}
