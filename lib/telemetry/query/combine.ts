import type { TSeriesLabels } from "../points";
import type { TRangeQuery } from "./schemas";

// Per series, each step bucket holds one value (mean, or max/min for those aggregations); series are
// then combined per group: avg = mean, sum = total, max/min, p99 = 99th percentile across series.

export type TSeriesBuckets = { labels: TSeriesLabels; values: Float64Array; counts: Float64Array };

export function newBuckets(labels: TSeriesLabels, n: number, agg: TRangeQuery["agg"]): TSeriesBuckets {
  const values = new Float64Array(n);
  if (agg === "max") values.fill(-Infinity);
  if (agg === "min") values.fill(Infinity);
  return { labels, values, counts: new Float64Array(n) };
}

/** Folds one observation (a point, or a rollup's sum/count/min/max) into a series bucket. */
export function addToBucket(b: TSeriesBuckets, i: number, agg: TRangeQuery["agg"], sum: number, count: number, min: number, max: number): void {
  if (agg === "max") b.values[i] = Math.max(b.values[i]!, max);
  else if (agg === "min") b.values[i] = Math.min(b.values[i]!, min);
  else b.values[i] = b.values[i]! + sum;
  b.counts[i] = b.counts[i]! + count;
}

/** The series' value in bucket i (NaN where it has none). */
function seriesValue(b: TSeriesBuckets, i: number, minOrMax: boolean): number {
  const count = b.counts[i]!;
  if (!count) return NaN;
  return minOrMax ? b.values[i]! : b.values[i]! / count;
}

/** Combines the first `k` values of `present` (k ≥ 1); p99 reorders them in place. */
function combine(present: Float64Array, k: number, agg: TRangeQuery["agg"]): number {
  let acc = present[0]!;
  if (agg === "max") for (let j = 1; j < k; j++) acc = Math.max(acc, present[j]!);
  else if (agg === "min") for (let j = 1; j < k; j++) acc = Math.min(acc, present[j]!);
  else if (agg === "sum" || agg === "avg") {
    for (let j = 1; j < k; j++) acc += present[j]!;
    if (agg === "avg") acc /= k;
  } else {
    acc = nth(present, k, Math.min(k - 1, Math.ceil(0.99 * k) - 1));
  }
  return acc;
}

/** The value that sorting the first k of `a` would put at index r (Hoare's selection, in place, O(k) on average). */
function nth(a: Float64Array, k: number, r: number): number {
  let lo = 0;
  let hi = k - 1;
  while (lo < hi) {
    const pivot = a[(lo + hi) >>> 1]!;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i]! < pivot) i++;
      while (a[j]! > pivot) j--;
      if (i <= j) {
        const t = a[i]!;
        a[i++] = a[j]!;
        a[j--] = t;
      }
    }
    if (r <= j) hi = j;
    else if (r >= i) lo = i;
    else break;
  }
  return a[r]!;
}

export function groupSeries(all: TSeriesBuckets[], q: TRangeQuery, n: number) {
  const groups = new Map<string, { group: Record<string, string>; members: TSeriesBuckets[] }>();
  let widest = 0;
  for (const s of all) {
    const id = q.by === "cluster" ? s.labels.cluster : (s.labels[q.by] ?? "");
    let g = groups.get(id);
    if (!g) groups.set(id, (g = { group: q.by === "shard" && s.labels.node ? { shard: id, node: s.labels.node } : { [q.by]: id }, members: [] }));
    g.members.push(s);
    widest = Math.max(widest, g.members.length);
  }
  const minOrMax = q.agg === "max" || q.agg === "min";
  const present = new Float64Array(widest);
  return [...groups.values()].map(({ group, members }) => {
    const values: (number | null)[] = new Array<number | null>(n);
    for (let i = 0; i < n; i++) {
      let k = 0;
      for (let j = 0; j < members.length; j++) {
        const v = seriesValue(members[j]!, i, minOrMax);
        if (v === v) present[k++] = v;
      }
      values[i] = k ? Math.round(combine(present, k, q.agg) * 1e6) / 1e6 : null;
    }
    return { group, values };
  });
}
