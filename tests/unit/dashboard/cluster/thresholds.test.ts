import { describe, expect, it } from "vitest";
import { alertSpans, hotSpotEpisodes, type TShardAlert } from "@/lib/dashboard/cluster/episodes";
import { ruleThresholds } from "@/lib/dashboard/cluster/thresholds";
import { ZRuleInput, type TRuleInput } from "@/lib/detection/rules/schema";

const rule = (r: Omit<TRuleInput, "title"> & { title?: string }) => ZRuleInput.parse({ title: r.name, ...r });

describe("ruleThresholds", () => {
  const rules = [
    rule({ name: "hot-shard", kind: "hot-shard", params: {} }),
    rule({ name: "p99-high", kind: "shard-threshold", params: { metric: "p99Ms", fireAbove: 250, clearBelow: 150 } }),
    rule({ name: "other-cluster", kind: "shard-threshold", cluster: "users", params: { metric: "cpu", fireAbove: 0.9, clearBelow: 0.8 } }),
    rule({ name: "off", kind: "shard-threshold", enabled: false, params: { metric: "cpu", fireAbove: 0.9, clearBelow: 0.8 } }),
    rule({ name: "lag", kind: "replica-lag", params: {} }),
    rule({ name: "outlier", kind: "fleet-outlier", params: { metric: "p99Ms", fireRatio: 5, clearRatio: 3, minValue: 50 } }),
  ];

  it("gives fixed levels as written and the hot-shard level as k × fair share × cluster qps, for this cluster's enabled shard rules", () => {
    const got = ruleThresholds(rules, "orders", { qps: [1000, 1000, 1000, 5000], p99Ms: [10, 12, 20, 30] });
    expect(got.map((t) => [t.rule, t.metric, t.value])).toEqual([
      ["hot-shard", "qps", 3 * (8000 / 4)],
      ["p99-high", "p99Ms", 250],
      ["outlier", "p99Ms", 80], // 5 × median 16
    ]);
  });

  it("leaves the relative levels out when too few shards report, and never goes below the rule's floor", () => {
    expect(ruleThresholds(rules, "orders", { qps: [10, 10] }).map((t) => t.rule)).toEqual(["p99-high"]);
    const floor = ruleThresholds(rules, "orders", { qps: [1, 1, 1, 1] }).find((t) => t.rule === "hot-shard");
    expect(floor?.value).toBe(100);
  });
});

const alert = (o: Partial<TShardAlert> & { id: string }): TShardAlert => ({
  rule: "hot-shard",
  kind: "hot-shard",
  metric: null,
  severity: "critical",
  state: "resolved",
  activeAt: 1000,
  firedAt: 2000,
  resolvedAt: 5000,
  value: 0.4,
  summary: "",
  ...o,
});

describe("hotSpotEpisodes", () => {
  it("keeps fired hot-shard and shard-threshold alerts, newest first, an open one lasting until now", () => {
    const eps = hotSpotEpisodes(
      [
        alert({ id: "old" }),
        alert({ id: "open", activeAt: 9000, firedAt: 9500, resolvedAt: null, state: "firing" }),
        alert({ id: "never-fired", firedAt: null }),
        alert({ id: "lag", kind: "replica-lag" }),
        alert({ id: "deleted-rule", kind: null }),
      ],
      12_000,
    );
    expect(eps.map((e) => [e.id, e.durationMs, e.open])).toEqual([
      ["open", 3000, true],
      ["old", 4000, false],
    ]);
  });
});

describe("alertSpans", () => {
  it("clips alerts to the range and drops those outside it", () => {
    const spans = alertSpans(
      [alert({ id: "a", activeAt: 0, resolvedAt: 150 }), alert({ id: "b", activeAt: 500, resolvedAt: null }), alert({ id: "c", activeAt: 0, resolvedAt: 50 })],
      100,
      1000,
    );
    expect(spans.map((s) => [s.alert.id, s.x1, s.x2])).toEqual([
      ["a", 100, 150],
      ["b", 500, 1000],
    ]);
  });
});
