import { describe, expect, it } from "vitest";
import { foldShard, gridValues, newGrid, round4, summarizeHeatmap } from "@/lib/dashboard/cluster/heatmap-grid";
import { heatmapRows, orderByKey, rowIndexes, type TShardKey } from "@/lib/dashboard/cluster/keyspace";

const shard = (id: string, keyStart: string | null, keyEnd: string | null = null): TShardKey => ({ shard: id, node: "db-1", keyStart, keyEnd });

describe("orderByKey", () => {
  it("orders by key range start, not by shard id; shards without a range go last in natural id order", () => {
    const ordered = orderByKey([shard("s-10", null), shard("s-2", "c0", "ff"), shard("s-9", null), shard("s-1", "40", "c0"), shard("s-3", "00", "40")]);
    expect(ordered.map((s) => s.shard)).toEqual(["s-3", "s-1", "s-2", "s-9", "s-10"]);
  });
});

describe("rowIndexes", () => {
  it.each([
    { n: 3, max: 200, rows: [0, 1, 2] },
    { n: 10, max: 4, rows: [0, 0, 0, 1, 1, 2, 2, 2, 3, 3] },
    { n: 5, max: 1, rows: [0, 0, 0, 0, 0] },
  ])("$n shards over at most $max rows", ({ n, max, rows }) => {
    expect(Array.from(rowIndexes(n, max))).toEqual(rows);
  });

  it("keeps adjacent shards together and every row within one shard of the others in size", () => {
    const rowOf = rowIndexes(1000, 200);
    const sizes = new Map<number, number>();
    for (let i = 0; i < rowOf.length; i++) {
      if (i > 0) expect(rowOf[i]! - rowOf[i - 1]!).toBeGreaterThanOrEqual(0);
      sizes.set(rowOf[i]!, (sizes.get(rowOf[i]!) ?? 0) + 1);
    }
    expect(sizes.size).toBe(200);
    expect(new Set(sizes.values())).toEqual(new Set([5]));
  });
});

describe("heatmapRows", () => {
  it("labels a single shard by its id and a group by the key range it spans", () => {
    const ordered = orderByKey([shard("a", "00", "40"), shard("b", "40", "80"), shard("c", "80", "c0")]);
    expect(heatmapRows(ordered, rowIndexes(3, 3))[1]).toEqual({ label: "b", shards: 1, keyStart: "40", keyEnd: "80", shard: "b", first: "b", last: "b" });
    const grouped = heatmapRows(ordered, rowIndexes(3, 2));
    expect(grouped.map((r) => [r.label, r.shards, r.first, r.last])).toEqual([
      ["00 – 80", 2, "a", "b"],
      ["c", 1, "c", "c"],
    ]);
    expect(grouped[0]).not.toHaveProperty("shard");
  });
});

describe("heatmap grid", () => {
  const shardBuckets = (pairs: [number, number][]) => ({ sums: Float64Array.from(pairs, (p) => p[0]), counts: Float64Array.from(pairs, (p) => p[1]) });

  it("averages a shard's points per bucket, sums shards of a row for qps, and remembers the row's hottest shard", () => {
    const grid = newGrid(1, 3, "sum");
    const a = shardBuckets([
      [200, 2],
      [0, 0],
      [300, 1],
    ]); // 100, none, 300
    const b = shardBuckets([
      [50, 1],
      [70, 1],
      [900, 1],
    ]);
    foldShard(grid, 0, 0, a.sums, a.counts);
    foldShard(grid, 0, 1, b.sums, b.counts);
    expect(gridValues(grid)).toEqual({ values: [150, 70, 1200], max: 1200 });
    expect(grid.hottest[0]).toBe(1);
  });

  it("takes the maximum across a row's shards for latency, and leaves null where nothing reported", () => {
    const grid = newGrid(2, 2, "max");
    const a = shardBuckets([
      [10, 1],
      [0, 0],
    ]);
    const b = shardBuckets([
      [40, 1],
      [0, 0],
    ]);
    foldShard(grid, 0, 0, a.sums, a.counts);
    foldShard(grid, 0, 1, b.sums, b.counts);
    expect(gridValues(grid).values).toEqual([40, null, null, null]);
  });

  it("summarizes the hottest row in the latest bucket with data and the peak overall", () => {
    // 3 rows × 3 buckets; the last bucket has no data anywhere.
    const values = [5, 1, null, 2, 9, null, 99, 0, null];
    expect(summarizeHeatmap(values, 3, 3)).toEqual({ row: 1, bucket: 1, value: 9, peakRow: 2, peakBucket: 0, peak: 99 });
    expect(summarizeHeatmap([null, null], 1, 2)).toBeNull();
  });
});

describe("round4", () => {
  it.each([
    [12345.6, 12350],
    [0.000123456, 0.0001235],
    [9.87654, 9.877],
    [0, 0],
    [-2.71828, -2.718],
  ])("%d → %d", (v, want) => expect(round4(v)).toBe(want));
});
