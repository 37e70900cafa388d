import type { TSqlRunner } from "@/lib/db/sql-runner";
import type { SeriesBuffer } from "@/lib/telemetry/series-buffer";

// Step buckets over a range for the dashboard's charts: raw points from the in-memory window, and the
// part older than the window from the 10 s (or, past 6 h, 1 min) rollups, as query-range does.

export type TGrid = { start: number; step: number; n: number };
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

/**
 * Rollup buckets of the named series (by series key) in [grid.start, windowStart), written into the
 * arrays of `into` (mean or max per step bucket). Nothing to do when the range lies in the window.
 */
export async function fillFromRollups(sql: TSqlRunner, grid: TGrid, windowStart: number, into: Map<string, Float64Array>, agg: TBucketAgg): Promise<void> {
  if (windowStart <= grid.start || into.size === 0) return;
  const rows = await sql.query<{ key: string; b: number; sum: number; count: number; max: number }>(
    `SELECT s.key, ((r.bucket - $2) / $3)::int AS b, sum(r.sum)::float8 AS sum, sum(r.count)::int AS count, max(r.max)::float8 AS max
     FROM ${rollupTable(grid)} r JOIN series s ON s.id = r.series_id
     WHERE s.key = ANY($1::text[]) AND r.bucket >= $2 AND r.bucket < $4 GROUP BY 1, 2`,
    [[...into.keys()], grid.start, grid.step, windowStart],
  );
  for (const r of rows) {
    const values = into.get(r.key);
    if (!values || r.b < 0 || r.b >= grid.n || !r.count) continue;
    values[r.b] = agg === "max" ? Number(r.max) : Number(r.sum) / r.count;
  }
}
