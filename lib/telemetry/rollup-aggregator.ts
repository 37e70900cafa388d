import type { TPoint, TSeriesLabels } from "./points";

// What arrived since the last flush, per series and 10 s bucket. Flushing merges these deltas into
// the database (count and sum add, min/max widen, last follows the newest timestamp).

export const BUCKET_10S = 10_000;
export const BUCKET_1M = 60_000;

export type TAgg = { count: number; min: number; max: number; sum: number; last: number; lastTs: number };
export type TSeriesDelta = { metric: string; labels: TSeriesLabels; buckets: Map<number, TAgg> };
export type TDeltas = Map<string, TSeriesDelta>;

export function mergeAgg(into: TAgg, from: TAgg): void {
  into.count += from.count;
  into.sum += from.sum;
  if (from.min < into.min) into.min = from.min;
  if (from.max > into.max) into.max = from.max;
  if (from.lastTs >= into.lastTs) {
    into.last = from.last;
    into.lastTs = from.lastTs;
  }
}

export class RollupAggregator {
  private deltas: TDeltas = new Map();
  private buckets = 0;

  add(p: TPoint): void {
    this.addPoint(p.key, p.metric, p.labels, p.ts, p.value);
  }

  addPoint(key: string, metric: string, labels: TSeriesLabels, ts: number, value: number): void {
    let d = this.deltas.get(key);
    if (!d) {
      d = { metric, labels, buckets: new Map() };
      this.deltas.set(key, d);
    } else d.labels = labels;
    const bucket = ts - (ts % BUCKET_10S);
    const agg = d.buckets.get(bucket);
    if (!agg) {
      d.buckets.set(bucket, { count: 1, min: value, max: value, sum: value, last: value, lastTs: ts });
      this.buckets++;
      return;
    }
    agg.count++;
    agg.sum += value;
    if (value < agg.min) agg.min = value;
    if (value > agg.max) agg.max = value;
    if (ts >= agg.lastTs) {
      agg.last = value;
      agg.lastTs = ts;
    }
  }

  get pendingBuckets(): number {
    return this.buckets;
  }

  /** Removes and returns the buckets that start before `watermark`; later (open) ones stay. */
  take(watermark: number): TDeltas {
    const out: TDeltas = new Map();
    for (const [key, d] of this.deltas) {
      let taken: Map<number, TAgg> | undefined;
      for (const [bucket, agg] of d.buckets) {
        if (bucket >= watermark) continue;
        (taken ??= new Map()).set(bucket, agg);
        d.buckets.delete(bucket);
        this.buckets--;
      }
      if (taken) out.set(key, { metric: d.metric, labels: d.labels, buckets: taken });
      if (!d.buckets.size) this.deltas.delete(key);
    }
    return out;
  }

  /** Puts back deltas whose flush failed, so nothing is lost. */
  restore(deltas: TDeltas): void {
    for (const [key, d] of deltas) {
      for (const [bucket, agg] of d.buckets) {
        let mine = this.deltas.get(key);
        if (!mine) this.deltas.set(key, (mine = { metric: d.metric, labels: d.labels, buckets: new Map() }));
        const have = mine.buckets.get(bucket);
        if (have) mergeAgg(have, agg);
        else {
          mine.buckets.set(bucket, { ...agg });
          this.buckets++;
        }
      }
    }
  }
}
