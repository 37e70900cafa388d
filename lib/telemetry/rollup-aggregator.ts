import { runSteps, runStepsYielding } from "@/lib/steps";
import type { TSeriesLabels } from "./points";

// What arrived since the last flush, per series and 10 s bucket. Flushing merges these deltas into
// the database (count and sum add, min/max widen, last follows the newest timestamp).
//
// Laid out for the hot path (structure of arrays): each series has a slot, eight doubles in one
// Float64Array (64 bytes, one cache line), holding its current bucket's accumulators. A point in that
// bucket updates them in place: no object, no map, no boxed double. When a series moves on to a newer
// bucket, the finished one is spilled, eight doubles again, to an append-only log; a late point for an
// older bucket is logged as a record of its own. Records of the same series and bucket merge when the
// deltas are read (and again in the database), so the log never needs a lookup.

export const BUCKET_10S = 10_000;
export const BUCKET_1M = 60_000;

export type TAgg = { count: number; min: number; max: number; sum: number; last: number; lastTs: number };
export type TSeriesDelta = { metric: string; labels: TSeriesLabels; buckets: Map<number, TAgg> };
export type TDeltas = Map<string, TSeriesDelta>;

/** Anything that carries a series key and keeps its aggregator slot (a window-store entry; -1: none yet). */
export type TAggTarget = { key: string; metric: string; labels: TSeriesLabels; aggSlot: number };

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

// A record's eight doubles.
const W = 8;
const BUCKET = 0;
const COUNT = 1;
const SUM = 2;
const MIN = 3;
const MAX = 4;
const LAST = 5;
const LAST_TS = 6;
// 7 is unused: it pads a slot to 64 bytes, so a slot never straddles two cache lines.

/** The log's first size, in doubles (4,096 records); it doubles as needed, and shrinks back after a detach. */
const LOG_INITIAL = W * 4096;

/** A slot whose series sent nothing for this long (and holds nothing) is given back at a detach. */
const IDLE_MS = 10 * 60_000;

/** Records taken out by `detach`: they no longer change; `deltasOf` reads them. */
export type TDetached = { recs: Float64Array; targets: TAggTarget[]; labels: TSeriesLabels[] };

export class RollupAggregator {
  /** Slot s's current bucket is cur[s·8 …]; its series is targets[s]. */
  private cur = new Float64Array(W * 1024);
  private targets: (TAggTarget | undefined)[] = [];
  private free: number[] = [];
  /** Slots whose current bucket holds a point. */
  private open = 0;
  /** Spilled and late records, with their series and the labels they had. */
  private log = new Float64Array(LOG_INITIAL);
  private logLen = 0;
  private logTargets: TAggTarget[] = [];
  private logLabels: TSeriesLabels[] = [];

  addTo(t: TAggTarget, ts: number, value: number): void {
    const bucket = ts - (ts % BUCKET_10S);
    let s = t.aggSlot;
    if (s < 0) s = this.assign(t, bucket);
    const c = this.cur;
    const o = s * W;
    if (c[o + BUCKET] !== bucket || c[o + COUNT] === 0) {
      if (!this.turn(t, o, bucket, ts, value)) return;
    }
    c[o + COUNT]!++;
    c[o + SUM]! += value;
    if (value < c[o + MIN]!) c[o + MIN] = value;
    if (value > c[o + MAX]!) c[o + MAX] = value;
    if (ts >= c[o + LAST_TS]!) {
      c[o + LAST] = value;
      c[o + LAST_TS] = ts;
    }
  }

  /**
   * A point outside the slot's current bucket. An empty slot, or a newer bucket (the current one is
   * spilled), starts a new current bucket: true, the caller adds the point. An older bucket's point
   * is logged as a record of its own: false.
   */
  private turn(t: TAggTarget, o: number, bucket: number, ts: number, value: number): boolean {
    const c = this.cur;
    if (c[o + COUNT] !== 0) {
      if (bucket < c[o + BUCKET]!) {
        this.logRecord(t, t.labels, bucket, 1, value, value, value, value, ts);
        return false;
      }
      this.spill(t, o);
    }
    this.open++;
    c[o + BUCKET] = bucket;
    c[o + COUNT] = 0;
    c[o + SUM] = 0;
    c[o + MIN] = Infinity;
    c[o + MAX] = -Infinity;
    c[o + LAST] = 0;
    c[o + LAST_TS] = -Infinity;
    return true;
  }

  /** Copies slot record `o` to the log and leaves the slot empty. */
  private spill(t: TAggTarget, o: number): void {
    const at = this.grow();
    this.log.set(this.cur.subarray(o, o + W), at);
    this.logTargets.push(t);
    this.logLabels.push(t.labels);
    this.cur[o + COUNT] = 0;
    this.open--;
  }

  /** Appends a record to the log (a late point, or a restored bucket). */
  private logRecord(
    t: TAggTarget,
    labels: TSeriesLabels,
    bucket: number,
    count: number,
    sum: number,
    min: number,
    max: number,
    last: number,
    lastTs: number,
  ): void {
    const at = this.grow();
    const l = this.log;
    l[at + BUCKET] = bucket;
    l[at + COUNT] = count;
    l[at + SUM] = sum;
    l[at + MIN] = min;
    l[at + MAX] = max;
    l[at + LAST] = last;
    l[at + LAST_TS] = lastTs;
    this.logTargets.push(t);
    this.logLabels.push(labels);
  }

  /** Room for one more log record; returns its offset. */
  private grow(): number {
    const at = this.logLen;
    this.log = withRoom(this.log, at + W);
    this.logLen += W;
    return at;
  }

  private assign(t: TAggTarget, bucket: number): number {
    let s = this.free.pop();
    if (s === undefined) {
      s = this.targets.length;
      this.targets.push(undefined);
      this.cur = withRoom(this.cur, (s + 1) * W);
    }
    this.targets[s] = t;
    this.cur[s * W + BUCKET] = bucket;
    this.cur[s * W + COUNT] = 0;
    t.aggSlot = s;
    return s;
  }

  /** Records not yet detached (a series' bucket may count more than once: late points). */
  get pendingBuckets(): number {
    return this.logLen / W + this.open;
  }

  /**
   * Takes out the records of buckets that start before `watermark` (later, open ones stay), so new
   * points go to new records. Allocates nothing per record: a flush calls it inside the WAL rotation,
   * where 50,000 series' minute used to stall requests for 160 ms. Slots idle for 10 minutes are
   * given back (a series the window store dropped, or that stopped sending).
   */
  detach(watermark: number): TDetached {
    const n = this.logLen / W;
    let out = new Float64Array(W * Math.max(16, n + this.open));
    let k = 0;
    const targets: TAggTarget[] = [];
    const labels: TSeriesLabels[] = [];
    // The log, compacted in place: what stays keeps its order.
    const l = this.log;
    let kept = 0;
    for (let i = 0; i < n; i++) {
      const at = i * W;
      if (l[at + BUCKET]! < watermark) {
        out.set(l.subarray(at, at + W), k);
        k += W;
        targets.push(this.logTargets[i]!);
        labels.push(this.logLabels[i]!);
      } else {
        if (kept !== i) {
          l.copyWithin(kept * W, at, at + W);
          this.logTargets[kept] = this.logTargets[i]!;
          this.logLabels[kept] = this.logLabels[i]!;
        }
        kept++;
      }
    }
    this.logLen = kept * W;
    this.logTargets.length = kept;
    this.logLabels.length = kept;
    // A backlog (a backfill, a database that was down) grows the log to hundreds of thousands of
    // records; once flushed, give that memory back instead of holding it for good.
    if (this.log.length > LOG_INITIAL && this.logLen * 4 < this.log.length) {
      let size = LOG_INITIAL;
      while (size < this.logLen * 2) size *= 2;
      this.log = this.log.slice(0, size);
    }
    const c = this.cur;
    for (let s = 0; s < this.targets.length; s++) {
      const t = this.targets[s];
      if (!t) continue;
      const o = s * W;
      const bucket = c[o + BUCKET]!;
      if (bucket >= watermark) continue;
      if (c[o + COUNT] !== 0) {
        out = withRoom(out, k + W);
        out.set(c.subarray(o, o + W), k);
        k += W;
        targets.push(t);
        labels.push(t.labels);
        c[o + COUNT] = 0;
        this.open--;
      } else if (bucket < watermark - IDLE_MS) {
        t.aggSlot = -1;
        this.targets[s] = undefined;
        this.free.push(s);
      }
    }
    return { recs: out.subarray(0, k), targets, labels };
  }

  /** Detached records as deltas per series; `pause` is awaited every 10,000 records. */
  static deltasOf(detached: TDetached, pause?: () => Promise<void>): Promise<TDeltas> {
    return runStepsYielding(deltaSteps(detached), pause);
  }

  /** Removes and returns the buckets that start before `watermark`; later (open) ones stay. */
  take(watermark: number): TDeltas {
    return runSteps(deltaSteps(this.detach(watermark)));
  }

  /** Puts back deltas whose flush failed, so nothing is lost. */
  restore(deltas: TDeltas): void {
    for (const [key, d] of deltas) {
      const t: TAggTarget = { key, metric: d.metric, labels: d.labels, aggSlot: -1 };
      for (const [bucket, a] of d.buckets) this.logRecord(t, d.labels, bucket, a.count, a.sum, a.min, a.max, a.last, a.lastTs);
    }
  }
}

/** `a`, or a copy of it twice as long when it holds fewer than `n` doubles. */
function withRoom(a: Float64Array<ArrayBuffer>, n: number): Float64Array<ArrayBuffer> {
  if (n <= a.length) return a;
  const next = new Float64Array(a.length * 2);
  next.set(a);
  return next;
}

/** Builds deltas from detached records, merging a series' records of one bucket; yields every 10,000. */
function* deltaSteps({ recs, targets, labels }: TDetached): Generator<void, TDeltas> {
  const out: TDeltas = new Map();
  for (let i = 0; i < targets.length; i++) {
    if ((i + 1) % 10_000 === 0) yield;
    const t = targets[i]!;
    const at = i * W;
    let d = out.get(t.key);
    if (!d) out.set(t.key, (d = { metric: t.metric, labels: labels[i]!, buckets: new Map() }));
    else d.labels = labels[i]!; // records come oldest first (the log, then the current buckets): the newest labels win
    const agg: TAgg = {
      count: recs[at + COUNT]!,
      min: recs[at + MIN]!,
      max: recs[at + MAX]!,
      sum: recs[at + SUM]!,
      last: recs[at + LAST]!,
      lastTs: recs[at + LAST_TS]!,
    };
    const bucket = recs[at + BUCKET]!;
    const had = d.buckets.get(bucket);
    if (had) mergeAgg(had, agg);
    else d.buckets.set(bucket, agg);
  }
  return out;
}
