import type { TEntity } from "@/lib/telemetry/apply-sample";
import type { TSeriesLabels } from "@/lib/telemetry/points";
import { CACHE_METRICS, SHARD_METRICS } from "@/lib/telemetry/sample";
import type { SeriesBuffer } from "@/lib/telemetry/series-buffer";
import type { WindowStore } from "@/lib/telemetry/window-store";

// What the rules see at one evaluation time: the things of each cluster and their series in the
// window store, read as of `now` (event time). Points after `now` are invisible, so a backtest that
// has already loaded later samples and a live evaluation see the same thing.

export type TThing = { labels: TSeriesLabels; series: (SeriesBuffer | undefined)[] };

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

  static of(store: WindowStore, now: number, opts: TViewOptions): DetectionView {
    const view = new DetectionView(now, opts);
    for (const [ek, e] of store.entities) view.add(ek.charCodeAt(0), e);
    return view;
  }

  private add(type: number, e: TEntity): void {
    const name = e.labels.cluster;
    let c = this.clusters.get(name);
    if (!c) this.clusters.set(name, (c = { name, shards: [], replicas: [], caches: [], hotKeys: [] }));
    const thing = { labels: e.labels, series: e.slots.map((s) => s?.buf) };
    if (type === 115 /* s */) c.shards.push(thing);
    else if (type === 114 /* r */) c.replicas.push(thing);
    else if (type === 99 /* c */) c.caches.push(thing);
    else c.hotKeys.push(thing);
  }

  /** The series' latest value at or before `now`, or NaN when it has none within `staleMs`. */
  value(buf: SeriesBuffer | undefined): number {
    const i = this.indexAt(buf);
    return i < 0 ? NaN : buf!.valueAt(i);
  }

  /** Timestamp of that latest point, or NaN. */
  timeOf(buf: SeriesBuffer | undefined): number {
    const i = this.indexAt(buf);
    return i < 0 ? NaN : buf!.tsAt(i);
  }

  /** Timestamp of the series' latest point at or before `now`, however old, or NaN. */
  lastSeen(buf: SeriesBuffer | undefined): number {
    if (!buf?.length) return NaN;
    const i = buf.tsAt(buf.length - 1) <= this.now ? buf.length - 1 : buf.lowerBound(this.now + 1) - 1;
    return i < 0 ? NaN : buf.tsAt(i);
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

  private indexAt(buf: SeriesBuffer | undefined): number {
    if (!buf?.length) return -1;
    const last = buf.length - 1;
    const i = buf.tsAt(last) <= this.now ? last : buf.lowerBound(this.now + 1) - 1;
    if (i < 0 || buf.tsAt(i) < this.now - this.opts.staleMs) return -1;
    return i;
  }
}
