import { describe, expect, it } from "vitest";
import { addToBucket, groupSeries, newGrid, significant7 } from "@/lib/telemetry/query/combine";
import type { TRangeQuery } from "@/lib/telemetry/query/schemas";

// groupSeries against the plain definition (sort, then index) on seeded random data: groups of 1 to
// 1,500 series with gaps, ties, negative values and 1-3 points per series and bucket, for every aggregation.

function rng(seed: number) {
  return () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
}

function reference(values: number[], agg: TRangeQuery["agg"]): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (agg === "max") return sorted[sorted.length - 1]!;
  if (agg === "min") return sorted[0]!;
  const total = values.reduce((a, b) => a + b, 0);
  if (agg === "sum") return total;
  if (agg === "avg") return total / values.length;
  return sorted[Math.min(sorted.length - 1, Math.ceil(0.99 * sorted.length) - 1)]!;
}

describe("groupSeries", () => {
  it.each(["avg", "sum", "max", "min", "p99"] as const)("%s per bucket matches sorting every group's values", (agg) => {
    const rand = rng(42);
    const n = 6;
    const q = { metric: "shard.qps", cluster: "c", from: 0, to: 1, step: 1, by: "node", agg } as TRangeQuery;
    const sizes = [1, 2, 7, 100, 1_500];
    const labels = sizes.flatMap((size, g) => Array.from({ length: size }, (_, s) => ({ cluster: "c", node: `n${g}`, shard: `s${g}-${s}` })));
    const grid = newGrid(labels, n, agg);
    // Each series' own value per bucket: the mean of its points (max/min for those aggregations).
    const own = new Map<number, number>();
    for (let j = 0; j < labels.length; j++) {
      for (let i = 0; i < n; i++) {
        if (rand() < 0.1) continue; // a gap
        const points = Array.from({ length: 1 + Math.floor(rand() * 3) }, () => Math.round((rand() - 0.2) * 1000) / (rand() < 0.3 ? 1 : 7)); // ties, negatives
        for (const v of points) addToBucket(grid, j, i, agg, v, 1, v, v);
        own.set(j * n + i, agg === "max" ? Math.max(...points) : agg === "min" ? Math.min(...points) : points.reduce((a, b) => a + b, 0) / points.length);
      }
    }
    const left = labels.length - 1; // the last series is left out (a rollup-only series with no rows)
    const got = groupSeries(grid, q, (j) => j !== left);
    expect(got.map((g) => g.group.node)).toEqual(sizes.map((_, g) => `n${g}`));
    for (const [g, size] of sizes.entries()) {
      const members = labels.flatMap((l, j) => (l.node === `n${g}` && j !== left ? [j] : []));
      expect(members).toHaveLength(g === sizes.length - 1 ? size - 1 : size);
      for (let i = 0; i < n; i++) {
        const present = members.filter((j) => own.has(j * n + i)).map((j) => own.get(j * n + i)!);
        const want = present.length ? Number(reference(present, agg).toPrecision(7)) : null;
        if (want === null) expect(got[g]!.values[i]).toBeNull();
        else expect(got[g]!.values[i]).toBeCloseTo(want, 12);
      }
    }
  });
});

describe("significant7", () => {
  it("rounds to 7 significant digits across magnitudes and signs, as toPrecision(7) does", () => {
    const round = significant7();
    const rand = rng(7);
    for (let i = 0; i < 20_000; i++) {
      const x = (rand() - 0.3) * 10 ** Math.floor(rand() * 40 - 20);
      const got = round(x);
      const want = Number(x.toPrecision(7));
      // toPrecision rounds the exact decimal; this rounds the scaled double: they may differ by one in the 7th digit at a tie
      expect(Math.abs(got - want)).toBeLessThanOrEqual(Math.abs(want) * 1.01e-6);
      expect(Number(got.toPrecision(7))).toBe(got); // nothing beyond the 7th digit
    }
    expect([0, -0, Infinity, -Infinity].map(round)).toEqual([0, -0, Infinity, -Infinity]);
    expect(round(NaN)).toBeNaN();
    expect([1234.5678, 0.000123456789, 98765432.1, -0.5].map(round)).toEqual([1234.568, 0.0001234568, 98765430, -0.5]);
  });
});
