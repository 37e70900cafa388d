import { RingPool, type TSlab } from "./ring-pool";

// One series' recent points, oldest first, in a growable ring: Int32 millisecond offsets from a
// per-series base and Float32 values (8 bytes a point), O(1) amortized append for in-order samples.
// The ring is a block of a shared slab (ring-pool.ts): `off` is its first slot, `cap` its size. A
// point's offset and value sit side by side (words 2·slot and 2·slot + 1, ring-pool.ts): an append
// touches one cache line, not two in arrays megabytes apart.

const INITIAL_CAPACITY = 16;
const OFFSET_LIMIT = 2 ** 31 - 1;
const EMPTY_SLAB: TSlab = { ts: new Int32Array(0), vals: new Float32Array(0), points: 0, blockSize: 0, free: [], fresh: 0, used: 0, hasRoom: false };

/** The pool of buffers made without one (tests, tools); the window store has its own. */
const sharedPool = new RingPool();

export class SeriesBuffer {
  private base: number;
  // The block's slab, and its arrays and offset read once per call on the hot paths; set by `adopt`.
  private slab!: TSlab;
  private ts!: Int32Array;
  private vals!: Float32Array;
  private off!: number;
  private cap!: number;
  private head = 0;
  /** The newest point's time (-Infinity when empty): the in-order test without index arithmetic. */
  private newest = -Infinity;
  length = 0;

  constructor(
    firstTs: number,
    private readonly maxCapacity: number,
    private readonly pool: RingPool = sharedPool,
  ) {
    this.base = firstTs;
    const { slab, off } = pool.alloc(Math.min(INITIAL_CAPACITY, maxCapacity));
    this.adopt(slab, off);
  }

  get capacity(): number {
    return this.cap;
  }

  tsAt(i: number): number {
    return this.base + this.ts[(this.off + ((this.head + i) % this.cap)) << 1]!;
  }

  valueAt(i: number): number {
    return this.vals[((this.off + ((this.head + i) % this.cap)) << 1) + 1]!;
  }

  lastTs(): number {
    return this.newest;
  }

  /** Adds a point; a point at an existing timestamp replaces it (last write wins, deterministically). */
  append(ts: number, value: number, retentionMs: number): void {
    // The ingest hot path: a newer point with room to spare is one slot write.
    const cap = this.cap;
    if (ts > this.newest && this.length < cap && ts >= this.base && ts - this.base <= OFFSET_LIMIT) {
      let slot = this.head + this.length;
      if (slot >= cap) slot -= cap;
      slot = (slot + this.off) << 1;
      this.ts[slot] = ts - this.base;
      this.vals[slot + 1] = value;
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
      this.head = (this.head + 1) % this.cap;
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
    const { ts, vals, base, length, off } = this;
    // Word indexes: a point is two words (its offset, its value).
    const start0 = off << 1;
    const end0 = (off + this.cap) << 1;
    let i = this.lowerBound(from);
    let slot = this.head + i;
    if (slot >= this.cap) slot -= this.cap;
    slot = (slot + off) << 1;
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
      const v = vals[slot + 1]!;
      if (mode === 0) sums[at]! += v;
      else if (mode === 1) sums[at] = sums[at]! > v ? sums[at]! : v;
      else sums[at] = sums[at]! < v ? sums[at]! : v;
      counts[at]!++;
      if ((slot += 2) === end0) slot = start0;
    }
  }

  /**
   * Gives the ring's block back to the pool and empties the buffer (the window store drops the series).
   * A holder that still appends afterwards gets a block of its own, never the one given back.
   */
  release(): void {
    if (this.slab !== EMPTY_SLAB) this.pool.release(this.slab, this.off);
    this.adopt(EMPTY_SLAB, 0);
    this.head = 0;
    this.length = 0;
    this.newest = -Infinity;
  }

  private write(i: number, ts: number, value: number): void {
    const slot = (this.off + ((this.head + i) % this.cap)) << 1;
    this.ts[slot] = ts - this.base;
    this.vals[slot + 1] = value;
  }

  private makeRoom(newTs: number, retentionMs: number): void {
    if (this.length < this.cap) return;
    if (this.cap === 0 || (this.tsAt(0) >= newTs - retentionMs && this.cap < this.maxCapacity)) this.grow(retentionMs);
    else this.trimBefore(this.tsAt(0) + 1); // full: the oldest point goes
  }

  // Sized from the observed sample interval, so 5 s samples over 30 min take ~370 slots, not 512.
  // A step short of that size gets up to 25% more, rounded up to 256 slots: series created together at
  // one rate would otherwise all grow in the same second (50,000 series reaching 8,192 slots: 3 GB
  // allocated at once, a 1 s stall); now at two or three moments, a share each. Unrounded sizes made
  // every later append ~1.8x slower, and 64-slot rounding kept a 1.5 s round (bench:window-apply).
  private grow(retentionMs: number): void {
    const cap = this.cap;
    const span = this.length > 1 ? this.tsAt(this.length - 1) - this.tsAt(0) : 0;
    const needed = span > 0 ? Math.ceil((retentionMs / span) * (this.length - 1) * 1.03) + 4 : 0;
    let n = cap === 0 ? Math.min(INITIAL_CAPACITY, this.maxCapacity) : Math.min(this.maxCapacity, needed > cap ? Math.min(needed, cap * 8) : cap * 2);
    if (n < this.maxCapacity && n < needed) n = Math.min(this.maxCapacity, needed, Math.ceil((n * (1 + Math.random() * 0.25)) / 256) * 256);
    const { slab, off } = this.pool.alloc(n);
    // Oldest first from the block's start: the ring's two runs, each one block copy of whole words
    // (offsets and values together; an Int32 copy moves the values' bits unchanged).
    const firstRun = Math.min(this.length, cap - this.head);
    const from = this.off + this.head;
    slab.ts.set(this.ts.subarray(from << 1, (from + firstRun) << 1), off << 1);
    slab.ts.set(this.ts.subarray(this.off << 1, (this.off + this.length - firstRun) << 1), (off + firstRun) << 1);
    if (this.slab !== EMPTY_SLAB) this.pool.release(this.slab, this.off);
    this.adopt(slab, off);
    this.head = 0;
  }

  /** Takes the block at `off` of `slab` as the ring's storage; the block's rounding is room to spare. */
  private adopt(slab: TSlab, off: number): void {
    this.slab = slab;
    this.ts = slab.ts;
    this.vals = slab.vals;
    this.off = off;
    this.cap = Math.min(slab.blockSize, this.maxCapacity);
  }

  private insertOutOfOrder(ts: number, value: number, retentionMs: number): void {
    const at = this.lowerBound(ts);
    if (at < this.length && this.tsAt(at) === ts) return this.write(at, ts, value);
    if (this.length === this.cap) {
      if (at === 0 && this.cap > 0) return; // older than everything in a full buffer
      this.makeRoom(this.lastTs(), retentionMs);
      if (this.length === this.cap) return;
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
