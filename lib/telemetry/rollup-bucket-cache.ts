import { rollupChangesSince, rollupSeq } from "./rollup-changes";

/** A range cut into `n` step buckets from `start`. */
export type TGrid = { start: number; step: number; n: number };

// Step buckets read from the rollups, kept between requests. The part of a chart older than the window
// comes from rollup rows that no longer change, so a page polling every 5 s needs only the bucket or two
// that crossed the window's edge since its last poll, not the whole range again. A bucket is kept with
// the span of rollup buckets it was read from, and dropped when a rollup write touches that span.

/** Per key, per step-bucket start: the value read from the rollups (absent where there were no rows). */
export type TBucketValues<V> = Map<string, Map<number, V>>;
/** Reads rollup buckets lo ≤ bucket < hi of `keys`, grouped by step bucket (lo is a step bucket's start). */
export type TFetchBuckets<V> = (keys: string[], lo: number, hi: number) => Promise<TBucketValues<V>>;

type TBucket<V> = { upTo: number; value: V | null };
type TEntry<V> = { buckets: Map<number, TBucket<V>>; cost: number; used: number };
type TStore<V> = { seq: number; entries: Map<string, TEntry<V>>; cost: number };

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
  async read(db: object, keys: readonly string[], grid: TGrid, until: number, fetch: TFetchBuckets<V>): Promise<TBucketValues<V>> {
    const out: TBucketValues<V> = new Map(keys.map((k) => [k, new Map<number, V>()]));
    const end = Math.min(until, grid.start + grid.n * grid.step);
    if (end <= grid.start || !keys.length) return out;
    const store = this.storeOf(db);
    const groups = new Map<string, { lo: number; hi: number; keys: string[] }>();
    for (const key of keys) {
      const span = this.missingSpan(this.entryOf(store, key), grid, end, until);
      if (!span) continue;
      const group = groups.get(`${span.lo}:${span.hi}`) ?? { ...span, keys: [] };
      group.keys.push(key);
      groups.set(`${span.lo}:${span.hi}`, group);
    }
    for (const { lo, hi, keys: some } of groups.values()) {
      const seq = rollupSeq(db);
      const got = await fetch(some, lo, Math.min(hi, until));
      // A write that landed meanwhile may have changed what was read: use it for this answer only.
      const stable = rollupSeq(db) === seq;
      for (const key of some) {
        const values = got.get(key);
        if (stable) this.keep(store, key, grid, lo, hi, until, values);
        for (const [t, v] of values ?? []) if (t >= lo && t < hi) out.get(key)!.set(t, v);
      }
    }
    for (const key of keys) {
      const entry = this.entryOf(store, key);
      const values = out.get(key)!;
      for (let t = grid.start; t < end; t += grid.step) {
        const b = entry.buckets.get(t);
        if (b && b.value !== null && !values.has(t) && b.upTo === this.upToOf(t, grid.step, until)) values.set(t, b.value);
      }
      this.trim(store, entry, grid);
    }
    this.evict(store, new Set(keys));
    return out;
  }

  /** The store of one database, with the buckets that rollup writes since the last look touched dropped. */
  private storeOf(db: object): TStore<V> {
    let store = this.stores.get(db);
    if (!store) this.stores.set(db, (store = { seq: rollupSeq(db), entries: new Map(), cost: 0 }));
    const { seq, changes } = rollupChangesSince(db, store.seq);
    store.seq = seq;
    if (changes === "all") {
      store.entries.clear();
      store.cost = 0;
    } else if (changes.length) {
      for (const entry of store.entries.values()) {
        for (const [t, b] of entry.buckets) if (changes.some((c) => t < c.to && b.upTo > c.from)) this.drop(store, entry, t);
      }
    }
    return store;
  }

  private entryOf(store: TStore<V>, key: string): TEntry<V> {
    let entry = store.entries.get(key);
    if (!entry) store.entries.set(key, (entry = { buckets: new Map(), cost: 0, used: 0 }));
    entry.used = ++this.clock;
    return entry;
  }

  /** The step-aligned span from the first to the last bucket not held (or held from another span of rollups). */
  private missingSpan(entry: TEntry<V>, grid: TGrid, end: number, until: number): { lo: number; hi: number } | null {
    let lo = -1;
    let hi = -1;
    for (let t = grid.start; t < end; t += grid.step) {
      const b = entry.buckets.get(t);
      if (b && b.upTo === this.upToOf(t, grid.step, until)) continue;
      if (lo < 0) lo = t;
      hi = t + grid.step;
    }
    return lo < 0 ? null : { lo, hi };
  }

  private keep(store: TStore<V>, key: string, grid: TGrid, lo: number, hi: number, until: number, got: Map<number, V> | undefined): void {
    const entry = this.entryOf(store, key);
    for (let t = lo; t < hi && t < until; t += grid.step) {
      this.drop(store, entry, t);
      const value = got?.get(t) ?? null;
      const cost = value === null ? 1 : this.opts.cost(value);
      entry.buckets.set(t, { upTo: this.upToOf(t, grid.step, until), value });
      entry.cost += cost;
      store.cost += cost;
    }
  }

  private drop(store: TStore<V>, entry: TEntry<V>, t: number): void {
    const b = entry.buckets.get(t);
    if (!b) return;
    const cost = b.value === null ? 1 : this.opts.cost(b.value);
    entry.cost -= cost;
    store.cost -= cost;
    entry.buckets.delete(t);
  }

  /** A key keeps no more than one range's length of buckets before the range last asked for. */
  private trim(store: TStore<V>, entry: TEntry<V>, grid: TGrid): void {
    const oldest = grid.start - grid.n * grid.step;
    for (const t of entry.buckets.keys()) if (t < oldest) this.drop(store, entry, t);
  }

  /** Least recently used keys first, the ones just read last (a single read bigger than the budget is not kept). */
  private evict(store: TStore<V>, current: Set<string>): void {
    if (store.cost <= this.opts.maxCost) return;
    const order = [...store.entries].sort((a, b) => Number(current.has(a[0])) - Number(current.has(b[0])) || a[1].used - b[1].used);
    for (const [key, entry] of order) {
      if (store.cost <= this.opts.maxCost) break;
      store.cost -= entry.cost;
      store.entries.delete(key);
    }
  }
}
