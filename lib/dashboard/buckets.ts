import type { TSqlRunner } from "@/lib/db/sql-runner";
import { BUCKET_10S, BUCKET_1M } from "@/lib/telemetry/rollup-aggregator";
import { readRollupStats } from "@/lib/telemetry/query/rollup-stats";
import type { SeriesBuffer } from "@/lib/telemetry/series-buffer";
import { RollupBucketCache, type TGrid } from "@/lib/telemetry/rollup-bucket-cache";

// Step buckets over a range for the dashboard's charts: raw points from the in-memory window, and the
// part older than the window from the 10 s (or, past 6 h, 1 min) rollups, as query-range does.

export type { TGrid };
export type TBucketAgg = "mean" | "max";

export function gridOf(from: number, to: number, step: number): TGrid {
  const start = Math.floor(from / step) * step;
  return { start, step, n: Math.max(0, Math.ceil((to - start) / step)) };
}

/** Mean or max of a series' points with windowStart ≤ ts < to, per bucket; NaN where there is none. */
export function bucketSeries(buf: SeriesBuffer | undefined, grid: TGrid, windowStart: number, to: number, agg: TBucketAgg, out?: Float64Array): Float64Array {
  const values = out ?? new Float64Array(grid.n).fill(NaN);
  if (!buf?.length) return values;
  let b = -1;
  let sum = 0;
  let count = 0;
  const flush = () => {
    if (b >= 0 && b < grid.n && count) values[b] = agg === "max" ? sum : sum / count;
  };
  for (let i = buf.lowerBound(Math.max(windowStart, grid.start)); i < buf.length; i++) {
    const t = buf.tsAt(i);
    if (t >= to) break;
    const at = Math.floor((t - grid.start) / grid.step);
    if (at !== b) {
      flush();
      b = at;
      sum = agg === "max" ? -Infinity : 0;
      count = 0;
    }
    const v = buf.valueAt(i);
    sum = agg === "max" ? Math.max(sum, v) : sum + v;
    count++;
  }
  flush();
  return values;
}

/** NaN → null, rounded to 6 significant decimals: JSON has no NaN and the UI needs no more. */
export function compact(values: ArrayLike<number>): (number | null)[] {
  const out = new Array<number | null>(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    out[i] = Number.isFinite(v) ? Math.round(v * 1e6) / 1e6 : null;
  }
  return out;
}

export function rollupTable(grid: TGrid): "rollup_10s" | "rollup_1m" {
  return grid.n * grid.step > 6 * 3_600_000 ? "rollup_1m" : "rollup_10s";
}

// Per series and step bucket: ~200,000 numbers at most (a few hundred charted series over 1,000 buckets).
const seriesCaches = {
  rollup_10s: new RollupBucketCache<number>({ granularity: BUCKET_10S, cost: () => 1, maxCost: 200_000 }),
  rollup_1m: new RollupBucketCache<number>({ granularity: BUCKET_1M, cost: () => 1, maxCost: 200_000 }),
};

/**
 * Rollup buckets of the named series (by series key) in [grid.start, windowStart), written into the
 * arrays of `into` (mean or max per step bucket). Nothing to do when the range lies in the window.
 * Buckets read once are kept (RollupBucketCache): a poll reads only the ones that crossed the window's edge.
 */
export async function fillFromRollups(sql: TSqlRunner, grid: TGrid, windowStart: number, into: Map<string, Float64Array>, agg: TBucketAgg): Promise<void> {
  if (windowStart <= grid.start || into.size === 0) return;
  const table = rollupTable(grid);
  const cacheKey = (key: string) => `${agg}\u0001${key}`;
  const keys = [...into.keys()];
  const got = await seriesCaches[table].read(sql, keys.map(cacheKey), grid, windowStart, async (wanted, lo, hi) => {
    const stats = await readRollupStats(sql, table, wanted.map((k) => k.slice(agg.length + 1)), lo, grid.step, hi);
    const out = new Map<string, Map<number, number>>();
    for (const [key, byBucket] of stats) {
      const values = new Map<number, number>();
      for (const [t, [sum, count, , max]] of byBucket) values.set(t, agg === "max" ? max : sum / count);
      out.set(cacheKey(key), values);
    }
    return out;
  });
  for (const key of keys) {
    const values = into.get(key)!;
    const row = got.get(cacheKey(key))!;
    for (let i = 0; i < grid.n; i++) if (row[i] !== undefined) values[i] = row[i]!;
  }
}
