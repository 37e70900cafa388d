import type { TEntity } from "./apply-sample";
import type { TSeriesLabels } from "./points";
import type { TAggTarget } from "./rollup-aggregator";
import { RingPool } from "./ring-pool";
import { SeriesBuffer } from "./series-buffer";

// The hot window: every series' recent points in memory, shared by detection and the live UI.

export type TSeriesEntry = { key: string; metric: string; labels: TSeriesLabels; buf: SeriesBuffer } & Pick<TAggTarget, "aggSlot">;

export type TWindowOptions = { retentionMs: number; maxPointsPerSeries: number };

function sameLabels(a: TSeriesLabels, b: TSeriesLabels): boolean {
  return a.node === b.node && a.shard === b.shard && a.replica === b.replica;
}

export class WindowStore {
  readonly series = new Map<string, TSeriesEntry>();
  /** The series of each shard, replica, cache node or hot key, for the ingest hot path. */
  readonly entities = new Map<string, TEntity>();
  /**
   * Shard entities by cluster, then shard id: the ingest hot path's lookup, two map reads of the sample's
   * own strings instead of building a key (a third of the time). A cache of `entities`, emptied by gc.
   */
  readonly shardIndex = new Map<string, Map<string, TEntity>>();
  /** The newest sample time seen: detection's event-time watermark. */
  maxTs = -Infinity;
  /** Bumped whenever a series or thing appears or goes, so readers can keep their indexes until then. */
  version = 0;
  /** Where the series' rings live. */
  readonly pool = new RingPool();

  constructor(readonly opts: TWindowOptions = { retentionMs: 30 * 60_000, maxPointsPerSeries: 8192 }) {}

  create(key: string, metric: string, labels: TSeriesLabels): TSeriesEntry {
    let entry = this.series.get(key);
    if (!entry) {
      entry = { key, metric, labels, buf: new SeriesBuffer(Date.now(), this.opts.maxPointsPerSeries, this.pool), aggSlot: -1 };
      this.series.set(key, entry);
      this.version++;
    }
    return entry;
  }

  put(key: string, metric: string, labels: TSeriesLabels, ts: number, value: number): TSeriesEntry {
    let entry = this.series.get(key);
    if (!entry) {
      entry = { key, metric, labels, buf: new SeriesBuffer(ts, this.opts.maxPointsPerSeries, this.pool), aggSlot: -1 };
      this.series.set(key, entry);
      this.version++;
    } else if (ts >= entry.buf.lastTs() && !sameLabels(entry.labels, labels)) {
      entry.labels = labels; // e.g. the shard moved to another node
    }
    entry.buf.append(ts, value, this.opts.retentionMs);
    if (ts > this.maxTs) this.maxTs = ts;
    return entry;
  }

  /** Points with from ≤ ts < to, oldest first. */
  range(key: string, from: number, to: number): { ts: number[]; values: number[] } {
    const buf = this.series.get(key)?.buf;
    const out = { ts: [] as number[], values: [] as number[] };
    if (!buf) return out;
    for (let i = buf.lowerBound(from); i < buf.length; i++) {
      const t = buf.tsAt(i);
      if (t >= to) break;
      out.ts.push(t);
      out.values.push(buf.valueAt(i));
    }
    return out;
  }

  last(key: string): { ts: number; value: number } | undefined {
    const buf = this.series.get(key)?.buf;
    return buf?.length ? { ts: buf.tsAt(buf.length - 1), value: buf.valueAt(buf.length - 1) } : undefined;
  }

  /** Drops points older than the retention, and series (and things) left empty. */
  gc(now: number): number {
    let removed = 0;
    for (const [key, entry] of this.series) {
      entry.buf.trimBefore(now - this.opts.retentionMs);
      if (entry.buf.length === 0) {
        entry.buf.release();
        this.series.delete(key);
        removed++;
      }
    }
    for (const [ek, e] of this.entities) {
      e.slots = e.slots.map((s) => (s && this.series.get(s.key) === s ? s : undefined));
      if (!e.slots.some(Boolean)) this.entities.delete(ek);
    }
    this.shardIndex.clear(); // refilled by the next samples, from `entities`
    if (removed) this.version++;
    return removed;
  }

  stats(): { series: number; points: number; bytes: number } {
    let points = 0;
    for (const e of this.series.values()) points += e.buf.length;
    // The slabs held (rings in use and free blocks) plus ~200 bytes a series for the entry, key and labels.
    return { series: this.series.size, points, bytes: this.pool.reservedBytes + this.series.size * 200 };
  }
}
