// One series' recent points, oldest first, in a growable ring: Int32 millisecond offsets from a
// per-series base and Float32 values (8 bytes a point), O(1) amortized append for in-order samples.

const INITIAL_CAPACITY = 16;
const OFFSET_LIMIT = 2 ** 31 - 1;

export class SeriesBuffer {
  private base: number;
  private ts: Int32Array;
  private vals: Float32Array;
  private head = 0;
  /** The newest point's time (-Infinity when empty): the in-order test without index arithmetic. */
  private newest = -Infinity;
  length = 0;

  constructor(
    firstTs: number,
    private readonly maxCapacity: number,
  ) {
    this.base = firstTs;
    this.ts = new Int32Array(INITIAL_CAPACITY);
    this.vals = new Float32Array(INITIAL_CAPACITY);
  }

  get capacity(): number {
    return this.ts.length;
  }

  tsAt(i: number): number {
    return this.base + this.ts[(this.head + i) % this.ts.length]!;
  }

  valueAt(i: number): number {
    return this.vals[(this.head + i) % this.vals.length]!;
  }

  lastTs(): number {
    return this.newest;
  }

  /** Adds a point; a point at an existing timestamp replaces it (last write wins, deterministically). */
  append(ts: number, value: number, retentionMs: number): void {
    // The ingest hot path: a newer point with room to spare is one slot write.
    const cap = this.ts.length;
    if (ts > this.newest && this.length < cap && ts >= this.base && ts - this.base <= OFFSET_LIMIT) {
      let slot = this.head + this.length;
      if (slot >= cap) slot -= cap;
      this.ts[slot] = ts - this.base;
      this.vals[slot] = value;
      this.length++;
      this.newest = ts;
      return;
    }
    if (ts - this.base > OFFSET_LIMIT || ts < this.base) this.rebase(ts);
    const last = this.newest;
    if (ts > last) {
      this.makeRoom(ts, retentionMs);
      this.write(this.length++, ts, value);
      this.newest = ts;
    } else if (ts === last) {
      this.write(this.length - 1, ts, value);
    } else {
      this.insertOutOfOrder(ts, value, retentionMs);
    }
  }

  /** Drops points older than `cutoff`. */
  trimBefore(cutoff: number): void {
    while (this.length && this.tsAt(0) < cutoff) {
      this.head = (this.head + 1) % this.ts.length;
      this.length--;
    }
    if (!this.length) this.newest = -Infinity;
  }

  /** Index of the first point with ts ≥ t (binary search). */
  lowerBound(t: number): number {
    let lo = 0;
    let hi = this.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.tsAt(mid) < t) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /**
   * Adds each point with from ≤ ts < to to `sums[offset + b]` and `counts[offset + b]`, b = floor((ts -
   * start) / step): the heatmap's and the query API's read. Points are in time order, so the bucket is
   * recomputed only when a point passes the current one's end (a division per point was ~half the
   * query's window time). With `fold` "max" or "min", `sums` keeps the largest or smallest point instead.
   */
  addToBuckets(
    from: number,
    to: number,
    start: number,
    step: number,
    sums: Float64Array,
    counts: Float64Array,
    fold: "sum" | "max" | "min" = "sum",
    offset = 0,
  ): void {
    const { ts, vals, base, length } = this;
    const cap = ts.length;
    let i = this.lowerBound(from);
    let slot = this.head + i;
    if (slot >= cap) slot -= cap;
    let at = -1;
    let end = -Infinity;
    const mode = fold === "sum" ? 0 : fold === "max" ? 1 : 2;
    for (; i < length; i++) {
      const t = base + ts[slot]!;
      if (t >= to) break;
      if (t >= end) {
        const b = Math.floor((t - start) / step);
        at = offset + b;
        end = start + (b + 1) * step;
      }
      const v = vals[slot]!;
      if (mode === 0) sums[at]! += v;
      else if (mode === 1) sums[at] = sums[at]! > v ? sums[at]! : v;
      else sums[at] = sums[at]! < v ? sums[at]! : v;
      counts[at]!++;
      if (++slot === cap) slot = 0;
    }
  }

  bytes(): number {
    return this.ts.byteLength + this.vals.byteLength;
  }

  private write(i: number, ts: number, value: number): void {
    const slot = (this.head + i) % this.ts.length;
    this.ts[slot] = ts - this.base;
    this.vals[slot] = value;
  }

  private makeRoom(newTs: number, retentionMs: number): void {
    if (this.length < this.ts.length) return;
    if (this.tsAt(0) >= newTs - retentionMs && this.ts.length < this.maxCapacity) this.grow(retentionMs);
    else this.trimBefore(this.tsAt(0) + 1); // full: the oldest point goes
  }

  // Sized from the observed sample interval, so 5 s samples over 30 min take ~370 slots, not 512.
  // A step short of that size gets up to 25% more, rounded up to 256 slots: series created together at
  // one rate would otherwise all grow in the same second (50,000 series reaching 8,192 slots: 3 GB
  // allocated at once, a 1 s stall); now at two or three moments, a share each. Unrounded sizes made
  // every later append ~1.8x slower, and 64-slot rounding kept a 1.5 s round (bench:window-apply).
  private grow(retentionMs: number): void {
    const span = this.length > 1 ? this.tsAt(this.length - 1) - this.tsAt(0) : 0;
    const needed = span > 0 ? Math.ceil((retentionMs / span) * (this.length - 1) * 1.03) + 4 : 0;
    let n = Math.min(this.maxCapacity, needed > this.ts.length ? Math.min(needed, this.ts.length * 8) : this.ts.length * 2);
    if (n < this.maxCapacity && n < needed) n = Math.min(this.maxCapacity, needed, Math.ceil((n * (1 + Math.random() * 0.25)) / 256) * 256);
    const ts = new Int32Array(n);
    const vals = new Float32Array(n);
    // Oldest first from slot 0: the ring's two runs, each one block copy.
    const firstRun = Math.min(this.length, this.ts.length - this.head);
    ts.set(this.ts.subarray(this.head, this.head + firstRun));
    vals.set(this.vals.subarray(this.head, this.head + firstRun));
    ts.set(this.ts.subarray(0, this.length - firstRun), firstRun);
    vals.set(this.vals.subarray(0, this.length - firstRun), firstRun);
    this.ts = ts;
    this.vals = vals;
    this.head = 0;
  }

  private insertOutOfOrder(ts: number, value: number, retentionMs: number): void {
    const at = this.lowerBound(ts);
    if (at < this.length && this.tsAt(at) === ts) return this.write(at, ts, value);
    if (this.length === this.ts.length) {
      if (at === 0) return; // older than everything in a full buffer
      this.makeRoom(this.lastTs(), retentionMs);
      if (this.length === this.ts.length) return;
      return this.insertOutOfOrder(ts, value, retentionMs);
    }
    for (let i = this.length; i > at; i--) this.write(i, this.tsAt(i - 1), this.valueAt(i - 1));
    this.write(at, ts, value);
    this.length++;
  }

  // Offsets must fit Int32: keep the points within ±12 days of `ts` (far beyond any retention).
  private rebase(ts: number): void {
    const points: [number, number][] = [];
    for (let i = 0; i < this.length; i++) {
      if (Math.abs(this.tsAt(i) - ts) < OFFSET_LIMIT / 2) points.push([this.tsAt(i), this.valueAt(i)]);
    }
    this.base = Math.min(ts, points[0]?.[0] ?? ts);
    this.head = 0;
    this.length = points.length;
    points.forEach(([t, v], i) => this.write(i, t, v));
    this.newest = this.length ? this.tsAt(this.length - 1) : -Infinity;
  }
}
