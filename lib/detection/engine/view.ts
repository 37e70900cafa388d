import type { TEntity } from "@/lib/telemetry/apply-sample";
import type { TSeriesLabels } from "@/lib/telemetry/points";
import { CACHE_METRICS, SHARD_METRICS } from "@/lib/telemetry/sample";
import type { SeriesBuffer } from "@/lib/telemetry/series-buffer";
import type { WindowStore } from "@/lib/telemetry/window-store";

// What the rules see at one evaluation time: the things of each cluster and their series in the
// window store, read as of `now` (event time). Points after `now` are invisible, so a backtest that
// has already loaded later samples and a live evaluation see the same thing.

/**
 * A shard, replica, cache node or hot key, with each series' latest point as of `now` read once when
 * the view is built (rules read these many times): `values` NaN when stale, `seen` however old.
 */
export type TThing = { labels: TSeriesLabels; series: (SeriesBuffer | undefined)[]; values: Float64Array; times: Float64Array; seen: Float64Array };

export type TClusterView = {
  name: string;
  shards: TThing[];
  replicas: TThing[];
  caches: TThing[];
  hotKeys: TThing[];
};

export const SHARD_SLOT = Object.fromEntries(SHARD_METRICS.map((m, i) => [m, i])) as Record<(typeof SHARD_METRICS)[number], number>;
export const CACHE_SLOT = Object.fromEntries(CACHE_METRICS.map((m, i) => [m, i])) as Record<(typeof CACHE_METRICS)[number], number>;

export type TViewOptions = {
  /** A thing's latest point older than this (relative to `now`) counts as no data. */
  staleMs: number;
};

export class DetectionView {
  readonly clusters = new Map<string, TClusterView>();

  constructor(
    readonly now: number,
    readonly opts: TViewOptions,
  ) {}

  /**
   * `cache` keeps the grouping of things by cluster and their arrays from one view to the next (live and
   * backtest build one every few seconds); it is rebuilt only when the store's set of series changed.
   */
  static of(store: WindowStore, now: number, opts: TViewOptions, cache: ViewCache = new ViewCache()): DetectionView {
    const view = new DetectionView(now, opts);
    if (cache.version !== store.version || cache.store !== store) cache.rebuild(store);
    for (let i = 0; i < cache.entities.length; i++) view.refresh(cache.entities[i]!, cache.things[i]!);
    for (const c of cache.clusters.values()) view.clusters.set(c.name, c);
    return view;
  }

  private refresh(e: TEntity, thing: TThing): void {
    thing.labels = e.labels; // a shard that moved keeps its entity, with new labels
    for (let k = 0; k < thing.series.length; k++) {
      const buf = thing.series[k];
      const i = this.latestIndex(buf);
      const t = i < 0 ? NaN : buf!.tsAt(i);
      thing.seen[k] = t;
      const fresh = t >= this.now - this.opts.staleMs;
      thing.values[k] = fresh ? buf!.valueAt(i) : NaN;
      thing.times[k] = fresh ? t : NaN;
    }
  }

  /** Points with from < ts ≤ now, oldest first, into reusable arrays. */
  range(buf: SeriesBuffer | undefined, from: number, out: { ts: number[]; values: number[] }): { ts: number[]; values: number[] } {
    out.ts.length = 0;
    out.values.length = 0;
    if (!buf) return out;
    for (let i = buf.lowerBound(from + 1); i < buf.length; i++) {
      const t = buf.tsAt(i);
      if (t > this.now) break;
      out.ts.push(t);
      out.values.push(buf.valueAt(i));
    }
    return out;
  }

  /** Index of the series' latest point at or before `now`, or -1. */
  private latestIndex(buf: SeriesBuffer | undefined): number {
    if (!buf?.length) return -1;
    const last = buf.length - 1;
    return buf.tsAt(last) <= this.now ? last : buf.lowerBound(this.now + 1) - 1;
  }
}

/** The things of a window store grouped by cluster, kept while the store's series stay the same. */
export class ViewCache {
  version = -1;
  store: WindowStore | null = null;
  entities: TEntity[] = [];
  things: TThing[] = [];
  clusters = new Map<string, TClusterView>();

  rebuild(store: WindowStore): void {
    this.store = store;
    this.version = store.version;
    this.entities = [];
    this.things = [];
    this.clusters = new Map();
    for (const [ek, e] of store.entities) {
      const n = e.slots.length;
      const thing: TThing = {
        labels: e.labels,
        series: e.slots.map((s) => s?.buf),
        values: new Float64Array(n),
        times: new Float64Array(n),
        seen: new Float64Array(n),
      };
      this.entities.push(e);
      this.things.push(thing);
      const name = e.labels.cluster;
      let c = this.clusters.get(name);
      if (!c) this.clusters.set(name, (c = { name, shards: [], replicas: [], caches: [], hotKeys: [] }));
      const type = ek.charCodeAt(0);
      if (type === 115 /* s */) c.shards.push(thing);
      else if (type === 114 /* r */) c.replicas.push(thing);
      else if (type === 99 /* c */) c.caches.push(thing);
      else c.hotKeys.push(thing);
    }
  }
}
