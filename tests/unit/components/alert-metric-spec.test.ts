import { describe, expect, it } from "vitest";
import { chartSpec, lineQuery, timeTicks, toChartRows } from "@/components/charts/alert-metric-spec";

const shard = { cluster: "orders", shard: "s-07", node: "db-3" };

describe("chartSpec picks the metric that explains an alert", () => {
  it.each([
    [{ kind: "hot-shard", params: {} }, shard, ["shard.qps", "shard.qps"]],
    [{ kind: "shard-threshold", params: { metric: "p99Ms" } }, shard, ["shard.p99Ms", "shard.p99Ms"]],
    [{ kind: "anomaly", params: { metric: "replica.lagSeconds" } }, { cluster: "orders", shard: "s-07", replica: "s-07-r1" }, ["replica.lagSeconds"]],
    [{ kind: "replica-lag", params: {} }, { cluster: "orders", shard: "s-07", replica: "s-07-r1" }, ["replica.lagSeconds"]],
    [{ kind: "eviction-storm", params: {} }, { cluster: "users", node: "c-1" }, ["cache.hitsPerSec", "cache.missesPerSec", "cache.evictionsPerSec"]],
    [{ kind: "hot-key", params: {} }, { cluster: "users", node: "c-1", key: "user:1" }, ["cache.hotKey.perSec"]],
    [null, { cluster: "orders" }, ["shard.qps"]],
  ])("%j", (rule, labels, metrics) => {
    expect(chartSpec(rule, labels).lines.map((l) => l.metric)).toEqual(metrics);
  });

  it("narrows cache queries to the node and replica queries to the shard", () => {
    const [hits] = chartSpec({ kind: "cache-hit-drop", params: {} }, { cluster: "users", node: "c-1" }).lines;
    expect(lineQuery(hits!, { cluster: "users", node: "c-1" }, 1, 2)).toMatchObject({ cluster: "users", node: "c-1", by: "node" });
    const [lag] = chartSpec({ kind: "replica-lag", params: {} }, { cluster: "o", shard: "s-1", replica: "s-1-r1" }).lines;
    expect(lineQuery(lag!, { cluster: "o", shard: "s-1", replica: "s-1-r1" }, 1, 2)).toMatchObject({ shard: "s-1", by: "replica" });
  });
});

describe("toChartRows", () => {
  it("keeps the picked group of each line and merges lines by bucket time", () => {
    const lines = chartSpec({ kind: "hot-shard", params: {} }, shard).lines;
    const byShard = {
      metric: "shard.qps",
      agg: "avg" as const,
      by: "shard" as const,
      start: 1000,
      step: 10,
      buckets: 2,
      series: [
        { group: { shard: "s-01" }, values: [1, 2] },
        { group: { shard: "s-07" }, values: [50, null] },
      ],
    };
    const cluster = { ...byShard, by: "cluster" as const, series: [{ group: { cluster: "orders" }, values: [5, 6] }] };
    expect(toChartRows(lines, [byShard, cluster])).toEqual([
      { t: 1000, v0: 50, v1: 5 },
      { t: 1010, v0: null, v1: 6 },
    ]);
  });
});

it("timeTicks lands on round minutes, at most about 8", () => {
  const from = Date.UTC(2026, 0, 1, 12, 0, 30);
  const ticks = timeTicks(from, from + 15 * 60_000);
  expect(ticks.every((t) => t % 120_000 === 0)).toBe(true);
  expect(ticks.length).toBeLessThanOrEqual(8);
});
