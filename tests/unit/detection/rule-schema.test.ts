import { describe, expect, it } from "vitest";
import { DEFAULT_RULES } from "@/lib/detection/rules/defaults";
import { makeZRuleInput, RULE_KINDS, ZRuleInput } from "@/lib/detection/rules/schema";

// What an operator sees when a rule cannot work: the field at fault and what to change.

const base = { name: "my-rule", title: "My rule" };

/** [path, message] of every issue, or [] when the rule is accepted. */
function problems(input: unknown, schema = ZRuleInput): [string, string][] {
  const r = schema.safeParse(input);
  return r.success ? [] : r.error.issues.map((i) => [i.path.join("."), i.message]);
}

describe("ZRuleInput: rules that contradict themselves or the data", () => {
  it.each<[string, unknown, string, RegExp]>([
    [
      "hot-shard clearing above where it fires",
      { ...base, kind: "hot-shard", params: { fireShareOfFair: 2, clearShareOfFair: 3 } },
      "params.clearShareOfFair",
      /must be at most fireShareOfFair \(2\).*lower clearShareOfFair or raise fireShareOfFair/,
    ],
    [
      "a threshold clearing above where it fires",
      { ...base, kind: "shard-threshold", params: { metric: "p99Ms", fireAbove: 100, clearBelow: 200 } },
      "params.clearBelow",
      /lower clearBelow or raise fireAbove/,
    ],
    [
      "a clear threshold above the default fire one",
      { ...base, kind: "replica-lag", params: { clearBelowSeconds: 40 } },
      "params.clearBelowSeconds",
      /at most fireAboveSeconds \(30\)/,
    ],
    [
      "a stall window of one sample",
      { ...base, kind: "replica-stalled", params: { windowSeconds: 5 } },
      "params.windowSeconds",
      /at least 10 s \(two sample intervals of 5 s\)/,
    ],
    ["a silence shorter than two samples", { ...base, kind: "replica-missing", params: { silentSeconds: "8s" } }, "params.silentSeconds", /at least 10 s/],
    ["a lag-growth window of one sample", { ...base, kind: "replica-lag-growth", params: { windowSeconds: 9 } }, "params.windowSeconds", /at least 10 s/],
    [
      "CPU as a percentage",
      { ...base, kind: "shard-threshold", params: { metric: "cpu", fireAbove: 95, clearBelow: 85 } },
      "params.fireAbove",
      /cpu is a fraction between 0 and 1; use e\.g\. 0\.85 for 85%/,
    ],
    [
      "error rate as a percentage",
      { ...base, kind: "shard-threshold", params: { metric: "errorRate", fireAbove: 5, clearBelow: 1 } },
      "params.fireAbove",
      /errorRate is a fraction between 0 and 1/,
    ],
    [
      "an outlier ratio that is not above the median",
      { ...base, kind: "fleet-outlier", params: { metric: "p99Ms", fireRatio: 1, clearRatio: 0.5, minValue: 0 } },
      "params.fireRatio",
      /must be above 1/,
    ],
    [
      "an unknown metric",
      { ...base, kind: "shard-threshold", params: { metric: "latency", fireAbove: 1, clearBelow: 0 } },
      "params.metric",
      /metric must be one of qps, p99Ms, cpu, iops, errorRate/,
    ],
    [
      "an unknown anomaly metric",
      { ...base, kind: "anomaly", params: { metric: "shard.latency" } },
      "params.metric",
      /metric must be one of shard\.qps, .*cache\.evictionsPerSec/,
    ],
    ["an unknown kind", { ...base, kind: "hot-shards", params: {} }, "kind", new RegExp(`kind must be one of ${RULE_KINDS.join(", ")}`)],
  ])("rejects %s, naming the field and the fix", (_, input, path, message) => {
    const found = problems(input);
    expect(found).toHaveLength(1);
    expect(found[0]![0]).toBe(path);
    expect(found[0]![1]).toMatch(message);
  });

  it.each<[string, unknown]>([
    ["equal fire and clear thresholds", { ...base, kind: "hot-key", params: { fireShare: 0.25, clearShare: 0.25 } }],
    ["a window of exactly two sample intervals", { ...base, kind: "replica-stalled", params: { windowSeconds: "10s" } }],
    ["CPU as a fraction", { ...base, kind: "shard-threshold", params: { metric: "cpu", fireAbove: 0.95, clearBelow: 0.85 } }],
    [
      "a large p99 threshold (only fractions are capped at 1)",
      { ...base, kind: "shard-threshold", params: { metric: "p99Ms", fireAbove: 950, clearBelow: 850 } },
    ],
  ])("accepts %s", (_, input) => {
    expect(problems(input)).toEqual([]);
  });

  it.each(DEFAULT_RULES.map((r) => [r.name, r] as const))("accepts the default rule %s", (_, rule) => {
    expect(problems(rule)).toEqual([]);
  });

  it("measures windows against the configured sample interval", () => {
    const every15s = makeZRuleInput(15);
    const stall = { ...base, kind: "replica-stalled", params: { windowSeconds: 20 } };
    expect(problems(stall)).toEqual([]);
    expect(problems(stall, every15s)).toEqual([["params.windowSeconds", expect.stringContaining("at least 30 s (two sample intervals of 15 s)") as string]]);
  });

  it("fills the documented defaults in", () => {
    const r = ZRuleInput.parse({ ...base, kind: "hot-shard", params: {}, for: "1m" });
    expect(r).toMatchObject({
      severity: "warning",
      enabled: true,
      for: 60,
      clearFor: 0,
      flapWindow: 600,
      params: { metric: "qps", fireShareOfFair: 3, minShards: 4 },
    });
  });
});
