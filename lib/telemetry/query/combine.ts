import type { TSeriesLabels } from "../points";
import type { TRangeQuery } from "./schemas";

// Per series, each step bucket holds one value (mean, or max/min for those aggregations); series are
// then combined per group: avg = mean, sum = total, max/min, p99 = 99th percentile across series.

export type TSeriesBuckets = { labels: TSeriesLabels; values: Float64Array; counts: Uint32Array };

export function newBuckets(labels: TSeriesLabels, n: number, agg: TRangeQuery["agg"]): TSeriesBuckets {
  const values = new Float64Array(n);
  if (agg === "max") values.fill(-Infinity);
  if (agg === "min") values.fill(Infinity);
  return { labels, values, counts: new Uint32Array(n) };
}

/** Folds one observation (a point, or a rollup's sum/count/min/max) into a series bucket. */
export function addToBucket(b: TSeriesBuckets, i: number, agg: TRangeQuery["agg"], sum: number, count: number, min: number, max: number): void {
  if (agg === "max") b.values[i] = Math.max(b.values[i]!, max);
  else if (agg === "min") b.values[i] = Math.min(b.values[i]!, min);
  else b.values[i] = b.values[i]! + sum;
  b.counts[i] = b.counts[i]! + count;
}

function seriesValue(b: TSeriesBuckets, i: number, agg: TRangeQuery["agg"]): number | null {
  if (!b.counts[i]) return null;
  return agg === "max" || agg === "min" ? b.values[i]! : b.values[i]! / b.counts[i];
}

function combine(values: number[], agg: TRangeQuery["agg"]): number {
  if (agg === "max") return Math.max(...values);
  if (agg === "min") return Math.min(...values);
  const total = values.reduce((a, b) => a + b, 0);
  if (agg === "sum") return total;
  if (agg === "avg") return total / values.length;
  const sorted = values.sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(0.99 * sorted.length) - 1)]!;
}

export function groupSeries(all: TSeriesBuckets[], q: TRangeQuery, n: number) {
  const groups = new Map<string, { group: Record<string, string>; members: TSeriesBuckets[] }>();
  for (const s of all) {
    const id = q.by === "cluster" ? s.labels.cluster : (s.labels[q.by] ?? "");
    let g = groups.get(id);
    if (!g) groups.set(id, (g = { group: q.by === "shard" && s.labels.node ? { shard: id, node: s.labels.node } : { [q.by]: id }, members: [] }));
    g.members.push(s);
  }
  return [...groups.values()].map(({ group, members }) => {
    const values: (number | null)[] = new Array<number | null>(n);
    for (let i = 0; i < n; i++) {
      const present: number[] = [];
      for (const m of members) {
        const v = seriesValue(m, i, q.agg);
        if (v !== null) present.push(v);
      }
      values[i] = present.length ? Math.round(combine(present, q.agg) * 1e6) / 1e6 : null;
    }
    return { group, values };
  });
}
