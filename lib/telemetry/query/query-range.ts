import type { TSqlRunner } from "@/lib/db/sql-runner";
import { BUCKET_10S, BUCKET_1M } from "../rollup-aggregator";
import { RollupBucketCache } from "../rollup-bucket-cache";
import { rollupSeq } from "../rollup-changes";
import type { TSeriesLabels } from "../points";
import type { TSeriesEntry, WindowStore } from "../window-store";
import { addToBucket, groupSeries, newGrid } from "./combine";
import { readRollupStats, type TStat } from "./rollup-stats";
import type { TRangeQuery, TRangeResult } from "./schemas";

// Step buckets read from the rollups, kept between requests (as the dashboard's charts keep theirs): a
// 1 h query of a 1,000-shard cluster reads ~180,000 rollup rows the first time, and afterwards only the
// buckets that crossed the window's edge or that a flush changed. ~2,000,000 numbers at most per table.
const rangeCaches = {
  rollup_10s: new RollupBucketCache<TStat>({ granularity: BUCKET_10S, cost: () => 4, maxCost: 2_000_000 }),
  rollup_1m: new RollupBucketCache<TStat>({ granularity: BUCKET_1M, cost: () => 4, maxCost: 2_000_000 }),
};

// The series rows of a cluster's metric, per database, kept until this process next writes rollups:
// new series are created only by a flush, which then writes their rollups (and so moves rollupSeq).
// Reading them again was ~6 ms of a 1,000-shard query on PGlite (parsing 1,000 labels). Like the
// bucket cache, it does not see series another process creates.
type TSeriesRow = { key: string; labels: TSeriesLabels };
const seriesLists = new WeakMap<object, Map<string, { seq: number; rows: TSeriesRow[] }>>();
const SERIES_LISTS = 64;

async function seriesOf(sql: TSqlRunner, cluster: string, metric: string): Promise<TSeriesRow[]> {
  let lists = seriesLists.get(sql);
  if (!lists) seriesLists.set(sql, (lists = new Map<string, { seq: number; rows: TSeriesRow[] }>()));
  const id = `${cluster}\u0000${metric}`;
  const seq = rollupSeq(sql);
  const held = lists.get(id);
  if (held?.seq === seq) return held.rows;
  const rows = await sql.query<TSeriesRow>(`SELECT key, labels FROM series WHERE cluster = $1 AND metric = $2`, [cluster, metric]);
  lists.delete(id);
  lists.set(id, { seq, rows });
  if (lists.size > SERIES_LISTS) lists.delete(lists.keys().next().value!);
  return rows;
}

function matches(labels: TSeriesLabels, q: TRangeQuery): boolean {
  return labels.cluster === q.cluster && (!q.shard || labels.shard === q.shard) && (!q.node || labels.node === q.node);
}

/**
 * One metric over [from, to) in `step` buckets, grouped by a label. The part inside the in-memory
 * window comes from raw points; anything older from the 10 s (or, for ranges over 6 h, 1 min) rollups.
 */
export async function queryRange(store: WindowStore, sql: TSqlRunner, q: TRangeQuery, now = Date.now()): Promise<TRangeResult> {
  const start = Math.floor(q.from / q.step) * q.step;
  const n = Math.ceil((q.to - start) / q.step);
  const windowStart = Math.max(start, now - store.opts.retentionMs);
  const fold = q.agg === "max" || q.agg === "min" ? q.agg : "sum";
  // The series: those in the window, then (for a range older than it) those only in the rollups.
  const index = new Map<string, number>();
  const labels: TSeriesLabels[] = [];
  const inWindow: TSeriesEntry[] = [];
  for (const e of store.series.values()) {
    if (e.metric !== q.metric || !matches(e.labels, q)) continue;
    index.set(e.key, labels.length);
    labels.push(e.labels);
    inWindow.push(e);
  }
  const table = q.to - q.from > 6 * 3_600_000 ? "rollup_1m" : "rollup_10s"; // 1 min rollups for long ranges
  let wanted: TSeriesRow[] = [];
  if (windowStart > start) {
    wanted = (await seriesOf(sql, q.cluster, q.metric)).filter((s) => matches(s.labels, q));
    for (const s of wanted) {
      if (index.has(s.key)) continue;
      index.set(s.key, labels.length);
      labels.push(s.labels);
    }
  }
  // Both rollup tables are merged by the same flush, so neither lags the other.
  const got = wanted.length
    ? await rangeCaches[table].read(
        sql,
        wanted.map((s) => s.key),
        { start, step: q.step, n },
        windowStart,
        (keys, lo, hi) => readRollupStats(sql, table, keys, lo, q.step, hi),
      )
    : null;
  // From here to the answer there is no await: the grid can be this module's scratch grid.
  const grid = newGrid(labels, n, q.agg, true);
  // A series in the window is answered (null where it has no points); one only in the rollups, where it has rows.
  const seen = new Uint8Array(labels.length).fill(1, 0, inWindow.length);
  for (let j = 0; j < inWindow.length; j++) inWindow[j]!.buf.addToBuckets(windowStart, q.to, start, q.step, grid.values, grid.counts, fold, j * n);
  if (got) {
    for (const s of wanted) {
      const stats = got.get(s.key)!;
      const j = index.get(s.key)!;
      for (let i = 0; i < n; i++) {
        const st = stats[i];
        if (st === undefined) continue;
        seen[j] = 1;
        addToBucket(grid, j, i, q.agg, st[0], st[1], st[2], st[3]);
      }
    }
  }
  return { metric: q.metric, agg: q.agg, by: q.by, start, step: q.step, buckets: n, series: groupSeries(grid, q, (j) => seen[j] === 1) };
}
