import { rollupChangesSince, rollupSeq } from "./rollup-changes";

/** A range cut into `n` step buckets from `start` (a multiple of `step`). */
export type TGrid = { start: number; step: number; n: number };

// Step buckets read from the rollups, kept between requests. The part of a chart older than the window
// comes from rollup rows that no longer change, so a page polling every 5 s needs only the bucket or two
// that crossed the window's edge since its last poll, not the whole range again. A bucket is kept with
// the span of rollup buckets it was read from, and dropped when a rollup write touches that span.
// Per key and step, buckets sit in dense arrays indexed by t / step: a 1 h query of 1,000 series reads
// 150,000 of them, which one Map entry per bucket made a quarter of the query's time.

/** Per key, per step-bucket start: the value read from the rollups (absent where there were no rows). */
export type TBucketValues<V> = Map<string, Map<number, V>>;
/** Per key, the grid's buckets in order (index i is the bucket at start + i·step): undefined where there were no rows. */
export type TBucketRows<V> = Map<string, (V | undefined)[]>;
/** Reads rollup buckets lo ≤ bucket < hi of `keys`, grouped by step bucket (lo is a step bucket's start). */
export type TFetchBuckets<V> = (keys: string[], lo: number, hi: number) => Promise<TBucketValues<V>>;

/** One key's buckets at one step. Slot s is the bucket at (first + s)·step; upTo 0 marks a slot not held. */
type TEntry<V> = { first: number; upTo: Float64Array; values: (V | null)[]; cost: number; used: number };
type TStore<V> = { seq: number; bySteps: Map<number, Map<string, TEntry<V>>> };

export type TRollupBucketCacheOptions<V> = {
  /** Rollup bucket width: 10 s, or 60 s for the 1 min table. */
  granularity: number;
  /** What one value costs (numbers held); least recently used keys go beyond `maxCost`. */
  cost: (v: V) => number;
  maxCost: number;
};

export class RollupBucketCache<V> {
  private readonly stores = new WeakMap<object, TStore<V>>();
  private clock = 0;

  constructor(private readonly opts: TRollupBucketCacheOptions<V>) {}

  /** End (exclusive) of the rollup buckets that step bucket t reads: those in [t, min(t + step, until)). */
  upToOf(t: number, step: number, until: number): number {
    const g = this.opts.granularity;
    return Math.ceil(Math.min(t + step, until) / g) * g;
  }

  /**
   * Each key's step buckets in [grid.start, until) from the rollup buckets before `until`. `fetch` is
   * called only for what is not held, once per distinct span; `db` is the SQL runner rollups are written through.
   */
  async read(db: object, keys: readonly string[], grid: TGrid, until: number, fetch: TFetchBuckets<V>): Promise<TBucketRows<V>> {
    const { start, step } = grid;
    const out: TBucketRows<V> = new Map(keys.map((k) => [k, new Array<V | undefined>(grid.n)]));
    const end = Math.min(until, start + grid.n * step);
    if (end <= start || !keys.length) return out;
    const store = this.storeOf(db);
    const entries = this.entriesOf(store, step);
    const i0 = Math.round(start / step);
    const count = Math.ceil((end - start) / step);
    // upTo of each bucket of this grid: the same for every key
    const upTos = new Float64Array(count);
    for (let i = 0; i < count; i++) upTos[i] = this.upToOf(start + i * step, step, until);
    const groups = new Map<string, { lo: number; hi: number; keys: string[] }>();
    for (const key of keys) {
      const entry = this.entryOf(entries, key, i0 - grid.n, i0 + count);
      let lo = -1;
      let hi = -1;
      for (let i = 0, s = i0 - entry.first; i < count; i++, s++) {
        if (entry.upTo[s] === upTos[i]) continue;
        if (lo < 0) lo = i;
        hi = i + 1;
      }
      if (lo < 0) continue;
      const id = `${lo}:${hi}`;
      const group = groups.get(id) ?? { lo: start + lo * step, hi: start + hi * step, keys: [] };
      group.keys.push(key);
      groups.set(id, group);
    }
    for (const { lo, hi, keys: some } of groups.values()) {
      const seq = rollupSeq(db);
      const got = await fetch(some, lo, Math.min(hi, until));
      // A write that landed meanwhile may have changed what was read: use it for this answer only.
      const stable = rollupSeq(db) === seq;
      for (const key of some) {
        const values = got.get(key);
        const row = out.get(key)!;
        if (values) for (const [t, v] of values) if (t >= lo && t < hi) row[(t - start) / step] = v;
        // Another read may have rebuilt or evicted the entry during the fetch: take it again, sized for this grid.
        if (stable) this.keep(this.entryOf(entries, key, i0 - grid.n, i0 + count), i0, upTos, (lo - start) / step, (hi - start) / step, row);
      }
    }
    for (const key of keys) {
      const entry = this.entryOf(entries, key, i0 - grid.n, i0 + count);
      const row = out.get(key)!;
      for (let i = 0, s = i0 - entry.first; i < count; i++, s++) {
        if (entry.upTo[s] !== upTos[i] || row[i] !== undefined) continue;
        const v = entry.values[s];
        if (v !== null && v !== undefined) row[i] = v;
      }
    }
    this.evict(store, new Set(keys), step);
    return out;
  }

  /** The store of one database, with the buckets that rollup writes since the last look touched dropped. */
  private storeOf(db: object): TStore<V> {
    let store = this.stores.get(db);
    if (!store) this.stores.set(db, (store = { seq: rollupSeq(db), bySteps: new Map() }));
    const { seq, changes } = rollupChangesSince(db, store.seq);
    store.seq = seq;
    if (changes === "all") {
      store.bySteps.clear();
    } else if (changes.length) {
      for (const [step, entries] of store.bySteps) {
        for (const entry of entries.values()) {
          for (const c of changes) {
            // buckets with t < c.to and upTo > c.from, where upTo ≤ t + step + granularity
            const from = Math.max(0, Math.floor((c.from - step - this.opts.granularity) / step) - entry.first);
            const to = Math.min(entry.upTo.length, Math.ceil(c.to / step) - entry.first);
            for (let s = from; s < to; s++) if (entry.upTo[s]! > c.from) this.drop(entry, s);
          }
        }
      }
    }
    return store;
  }

  private entriesOf(store: TStore<V>, step: number): Map<string, TEntry<V>> {
    let entries = store.bySteps.get(step);
    if (!entries) store.bySteps.set(step, (entries = new Map<string, TEntry<V>>()));
    return entries;
  }

  /**
   * The key's entry, with slots for buckets oldest ≤ i < end. A key keeps no more than one range's length
   * of buckets before the range last asked for: older slots are let go when they make up half the entry.
   */
  private entryOf(entries: Map<string, TEntry<V>>, key: string, oldest: number, end: number): TEntry<V> {
    let entry = entries.get(key);
    if (!entry) entries.set(key, (entry = { first: oldest, upTo: new Float64Array(0), values: [], cost: 0, used: 0 }));
    entry.used = ++this.clock;
    const cap = entry.upTo.length;
    if (entry.first <= oldest && end - entry.first <= cap) return entry;
    // Rebuild the arrays from `oldest` with room to grow: what lies before it is dropped, the rest moved.
    const size = Math.max(end - oldest, 16) * 2;
    const upTo = new Float64Array(size);
    const values = new Array<V | null>(size).fill(null);
    let cost = 0;
    for (let s = 0; s < cap; s++) {
      const at = entry.first + s - oldest;
      if (!entry.upTo[s]) continue;
      if (at < 0 || at >= size) continue;
      upTo[at] = entry.upTo[s]!;
      values[at] = entry.values[s]!;
      cost += this.costOf(values[at]);
    }
    entry.first = oldest;
    entry.upTo = upTo;
    entry.values = values;
    entry.cost = cost;
    return entry;
  }

  private costOf(v: V | null): number {
    return v === null ? 1 : this.opts.cost(v);
  }

  /** Holds the buckets lo ≤ i < hi of the grid (i0: the grid's first step index) from the answer just read. */
  private keep(entry: TEntry<V>, i0: number, upTos: Float64Array, lo: number, hi: number, row: (V | undefined)[]): void {
    for (let i = lo, s = i0 - entry.first + lo; i < hi; i++, s++) {
      if (entry.upTo[s]) entry.cost -= this.costOf(entry.values[s]!);
      const v = row[i] ?? null;
      entry.upTo[s] = upTos[i]!;
      entry.values[s] = v;
      entry.cost += this.costOf(v);
    }
  }

  private drop(entry: TEntry<V>, s: number): void {
    if (!entry.upTo[s]) return;
    entry.cost -= this.costOf(entry.values[s]!);
    entry.upTo[s] = 0;
    entry.values[s] = null;
  }

  /** Least recently used keys first, the ones just read last (a single read bigger than the budget is not kept). */
  private evict(store: TStore<V>, current: Set<string>, step: number): void {
    let cost = 0;
    for (const entries of store.bySteps.values()) for (const entry of entries.values()) cost += entry.cost;
    if (cost <= this.opts.maxCost) return;
    const all: { step: number; key: string; entry: TEntry<V> }[] = [];
    for (const [s, entries] of store.bySteps) for (const [key, entry] of entries) all.push({ step: s, key, entry });
    const isCurrent = (e: { step: number; key: string }) => Number(e.step === step && current.has(e.key));
    all.sort((a, b) => isCurrent(a) - isCurrent(b) || a.entry.used - b.entry.used);
    for (const { step: s, key, entry } of all) {
      if (cost <= this.opts.maxCost) break;
      cost -= entry.cost;
      store.bySteps.get(s)!.delete(key);
    }
  }
}
