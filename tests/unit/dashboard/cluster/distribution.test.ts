import { describe, expect, it } from "vitest";
import { lorenzCurve, nodeLoads, shareOfTop, topShards, type TShardNow } from "@/lib/dashboard/cluster/distribution";

const s = (shard: string, node: string, qps: number, cpu: number | null = null): TShardNow => ({ shard, node, qps, p99Ms: null, cpu });

describe("lorenzCurve", () => {
  it("is the diagonal with Gini 0 for equal load", () => {
    const l = lorenzCurve([100, 100, 100, 100]);
    expect(l.points).toEqual([
      [0, 0],
      [0.25, 0.25],
      [0.5, 0.5],
      [0.75, 0.75],
      [1, 1],
    ]);
    expect(l.gini).toBe(0);
  });

  it("bends below the diagonal when one shard takes everything", () => {
    const l = lorenzCurve([0, 0, 0, 400]);
    expect(l.points.at(-2)).toEqual([0.75, 0]);
    expect(l.gini).toBeCloseTo(0.75);
  });

  it("downsamples 10,000 shards to at most 200 points, keeping both ends and staying monotone", () => {
    const qps = Array.from({ length: 10_000 }, (_, i) => (i % 97) + 1);
    const l = lorenzCurve(qps, 200);
    expect(l.points.length).toBeLessThanOrEqual(200);
    expect(l.points[0]).toEqual([0, 0]);
    expect(l.points.at(-1)).toEqual([1, 1]);
    for (let i = 1; i < l.points.length; i++) {
      expect(l.points[i]![0]).toBeGreaterThan(l.points[i - 1]![0]);
      expect(l.points[i]![1]).toBeGreaterThanOrEqual(l.points[i - 1]![1]);
      expect(l.points[i]![1]).toBeLessThanOrEqual(l.points[i]![0] + 1e-12);
    }
    expect(l.shards).toBe(10_000);
  });

  it("has no curve and no Gini for an idle or empty cluster", () => {
    expect(lorenzCurve([])).toEqual({ points: [], gini: null, shards: 0 });
    expect(lorenzCurve([0, 0])).toEqual({ points: [], gini: 0, shards: 2 });
  });
});

describe("topShards", () => {
  it("puts the busiest first with its share against the fair share, and cuts at the limit", () => {
    const { total, fairShare, top } = topShards([s("a", "n1", 100), s("hot", "n2", 700), s("b", "n1", 100), s("c", "n2", 100)], 2);
    expect(total).toBe(1000);
    expect(fairShare).toBe(0.25);
    expect(top.map((t) => [t.shard, t.share, t.shareOfFair])).toEqual([
      ["hot", 0.7, 2.8],
      ["a", 0.1, 0.4],
    ]);
  });
});

describe("nodeLoads", () => {
  it("rolls shards up per node: count, total, share, hottest shard and max cpu", () => {
    const rows = nodeLoads([s("a", "n1", 100, 0.2), s("hot", "n2", 700, 0.9), s("b", "n1", 150, null), s("c", "n2", 50, 0.3)]);
    expect(rows).toEqual([
      { node: "n2", shards: 2, qps: 750, share: 0.75, hottest: { shard: "hot", qps: 700 }, maxCpu: 0.9 },
      { node: "n1", shards: 2, qps: 250, share: 0.25, hottest: { shard: "b", qps: 150 }, maxCpu: 0.2 },
    ]);
  });
});

describe("shareOfTop", () => {
  it("reads the busiest fraction's share off the curve", () => {
    expect(shareOfTop(lorenzCurve([100, 100, 100, 100]).points, 0.25)).toBeCloseTo(0.25);
    expect(shareOfTop(lorenzCurve([0, 0, 0, 400]).points, 0.25)).toBeCloseTo(1);
    expect(shareOfTop(lorenzCurve([0, 0, 0, 400]).points, 0.125)).toBeCloseTo(0.5);
    expect(shareOfTop([], 0.1)).toBeNull();
  });
});
