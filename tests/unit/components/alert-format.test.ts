import { describe, expect, it } from "vitest";
import { formatRuleValue } from "@/components/alerts/format";
import { RULE_KINDS } from "@/lib/detection/rules/schema";

describe("formatRuleValue", () => {
  it.each([
    [0.159, "hot-shard", {}, "15.9 % of cluster load"],
    [409.2, "shard-threshold", { metric: "p99Ms" }, "409 ms p99"],
    [0.97, "shard-threshold", { metric: "cpu" }, "97 % CPU"],
    [12_500, "shard-threshold", { metric: "qps" }, "12,500 qps"],
    [0.021, "shard-threshold", { metric: "errorRate" }, "2.1 % errors"],
    [19.44, "fleet-outlier", { metric: "p99Ms" }, "19.4× the fleet median"],
    [0.331, "cluster-skew", {}, "skew index 0.331"],
    [109, "replica-lag", {}, "109 s behind"],
    [0.2, "replica-lag-growth", {}, "lag +0.2 s per second"],
    [45, "replica-missing", {}, "silent for 45 s"],
    [0.6, "cache-hit-drop", {}, "60 % hit ratio"],
    [3400, "eviction-storm", {}, "3,400 evictions/s"],
    [0.686, "hot-key", {}, "68.6 % of the node's gets"],
  ])("%s for %s reads %s", (v, kind, params, want) => {
    expect(formatRuleValue(v, kind, params)).toBe(want);
  });

  it("gives every rule kind a unit, and falls back to the number when the kind is unknown or the value missing", () => {
    for (const kind of RULE_KINDS) expect(formatRuleValue(1.5, kind, { metric: "qps" })).not.toBe("1.5");
    expect(formatRuleValue(1.5, "something-new", null)).toBe("1.5");
    expect(formatRuleValue(1.5, "shard-threshold", {})).toBe("1.5");
    expect(formatRuleValue(null, "hot-shard", {})).toBe("—");
  });
});
