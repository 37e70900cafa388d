// The heatmap's cells: one shard at a time, its per-bucket averages folded into its row (summed for
// qps, the maximum for latency and cpu). Flat typed arrays, row-major; NaN where there is no data. Pure.

export type TRowAgg = "sum" | "max";

export type THeatmapGrid = {
  rows: number;
  buckets: number;
  agg: TRowAgg;
  cells: Float64Array;
  /** Per row: index (in key order) of the shard with the highest bucket value, and that value. */
  hottest: Int32Array;
  hottestPeak: Float64Array;
};

export function newGrid(rows: number, buckets: number, agg: TRowAgg): THeatmapGrid {
  return {
    rows,
    buckets,
    agg,
    cells: new Float64Array(rows * buckets).fill(NaN),
    hottest: new Int32Array(rows).fill(-1),
    hottestPeak: new Float64Array(rows).fill(-Infinity),
  };
}

/** Adds one shard's buckets (sums and counts of its points) to `row`; buckets with no points leave the cell as it is. */
export function foldShard(grid: THeatmapGrid, row: number, shardIndex: number, sums: Float64Array, counts: Float64Array): void {
  const base = row * grid.buckets;
  let peak = -Infinity;
  for (let b = 0; b < grid.buckets; b++) {
    const c = counts[b]!;
    if (c === 0) continue;
    const v = sums[b]! / c;
    if (v > peak) peak = v;
    const cur = grid.cells[base + b]!;
    grid.cells[base + b] = Number.isNaN(cur) ? v : grid.agg === "sum" ? cur + v : Math.max(cur, v);
  }
  if (peak > grid.hottestPeak[row]!) {
    grid.hottestPeak[row] = peak;
    grid.hottest[row] = shardIndex;
  }
}

/** Four significant digits: plenty for a colour and a tooltip, and a smaller JSON (arithmetic, not toPrecision: 72k cells). */
export function round4(v: number): number {
  if (v === 0 || !Number.isFinite(v)) return v;
  const p = 10 ** (3 - Math.floor(Math.log10(Math.abs(v))));
  return Math.round(v * p) / p;
}

export function gridValues(grid: THeatmapGrid): { values: (number | null)[]; max: number | null } {
  // Sized up front: growing a 72,000-element array by push cost half of this function's time.
  const values = new Array<number | null>(grid.cells.length);
  let max = -Infinity;
  for (let i = 0; i < grid.cells.length; i++) {
    const v = grid.cells[i]!;
    if (Number.isNaN(v)) values[i] = null;
    else {
      values[i] = round4(v);
      if (v > max) max = v;
    }
  }
  return { values, max: max === -Infinity ? null : round4(max) };
}

export type THeatmapSummary = { row: number; bucket: number; value: number; peakRow: number; peakBucket: number; peak: number };

/** The hottest row in the latest bucket that has data, and the hottest cell overall; null for an empty map. */
export function summarizeHeatmap(values: readonly (number | null)[], rows: number, buckets: number): THeatmapSummary | null {
  let latest = -1;
  let peak = { row: -1, bucket: -1, value: -Infinity };
  for (let r = 0; r < rows; r++) {
    for (let b = 0; b < buckets; b++) {
      const v = values[r * buckets + b];
      if (v === null || v === undefined) continue;
      if (b > latest) latest = b;
      if (v > peak.value) peak = { row: r, bucket: b, value: v };
    }
  }
  if (latest < 0) return null;
  let row = -1;
  let value = -Infinity;
  for (let r = 0; r < rows; r++) {
    const v = values[r * buckets + latest];
    if (v !== null && v !== undefined && v > value) [row, value] = [r, v];
  }
  return { row, bucket: latest, value, peakRow: peak.row, peakBucket: peak.bucket, peak: peak.value };
}
