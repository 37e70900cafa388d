import type { TSeriesLabels } from "./points";

// What arrived since the last flush, per series and 10 s bucket. Flushing merges these deltas into
// the database (count and sum add, min/max widen, last follows the newest timestamp). The hot path
// updates the series' current bucket record in place: no map lookup unless the bucket changes.

export const BUCKET_10S = 10_000;
export const BUCKET_1M = 60_000;

export type TAgg = { count: number; min: number; max: number; sum: number; last: number; lastTs: number };
export type TSeriesDelta = { metric: string; labels: TSeriesLabels; buckets: Map<number, TAgg> };
export type TDeltas = Map<string, TSeriesDelta>;

type TRecord = TAgg & { key: string; metric: string; labels: TSeriesLabels; bucket: number; taken: boolean };
/** Anything that carries a series key and may remember its current record (a window-store entry). */
export type TAggTarget = { key: string; metric: string; labels: TSeriesLabels; agg?: TRecord };

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
  private open: TRecord[] = [];
  private index = new Map<string, TRecord>(); // `${key}|${bucket}` → untaken record
  addTo(t: TAggTarget, ts: number, value: number): void {
    const bucket = ts - (ts % BUCKET_10S);
    let r = t.agg;
    if (!r || r.taken || r.bucket !== bucket) {
      r = this.record(t.key, t.metric, t.labels, bucket);
      if (!t.agg || t.agg.taken || bucket >= t.agg.bucket) t.agg = r;
    }
    r.labels = t.labels;
    r.count++;
    r.sum += value;
    if (value < r.min) r.min = value;
    if (value > r.max) r.max = value;
    if (ts >= r.lastTs) {
      r.last = value;
      r.lastTs = ts;
    }
  }

  private record(key: string, metric: string, labels: TSeriesLabels, bucket: number): TRecord {
    const id = `${key}|${bucket}`;
    let r = this.index.get(id);
    if (!r) {
      r = { key, metric, labels, bucket, taken: false, count: 0, sum: 0, min: Infinity, max: -Infinity, last: 0, lastTs: -Infinity };
      this.index.set(id, r);
      this.open.push(r);
    }
    return r;
  }

  get pendingBuckets(): number {
    return this.open.length;
  }

  /** Removes and returns the buckets that start before `watermark`; later (open) ones stay. */
  take(watermark: number): TDeltas {
    const out: TDeltas = new Map();
    const keep: TRecord[] = [];
    for (const r of this.open) {
      if (r.bucket >= watermark) {
        keep.push(r);
        continue;
      }
      r.taken = true;
      this.index.delete(`${r.key}|${r.bucket}`);
      let d = out.get(r.key);
      if (!d) out.set(r.key, (d = { metric: r.metric, labels: r.labels, buckets: new Map() }));
      d.buckets.set(r.bucket, { count: r.count, min: r.min, max: r.max, sum: r.sum, last: r.last, lastTs: r.lastTs });
    }
    this.open = keep;
    return out;
  }

  /** Puts back deltas whose flush failed, so nothing is lost. */
  restore(deltas: TDeltas): void {
    for (const [key, d] of deltas) {
      for (const [bucket, agg] of d.buckets) mergeAgg(this.record(key, d.metric, d.labels, bucket), agg);
    }
  }
}
