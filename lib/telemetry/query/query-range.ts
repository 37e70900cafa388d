import type { TSqlRunner } from "@/lib/db/sql-runner";
import { BUCKET_10S, BUCKET_1M } from "../rollup-aggregator";
import { RollupBucketCache } from "../rollup-bucket-cache";
import type { TSeriesLabels } from "../points";
import type { WindowStore } from "../window-store";
import { addToBucket, groupSeries, newBuckets, type TSeriesBuckets } from "./combine";
import { readRollupStats, type TStat } from "./rollup-stats";
import type { TRangeQuery, TRangeResult } from "./schemas";

// Step buckets read from the rollups, kept between requests (as the dashboard's charts keep theirs): a
// 1 h query of a 1,000-shard cluster reads ~180,000 rollup rows the first time, and afterwards only the
// buckets that crossed the window's edge or that a flush changed. ~2,000,000 numbers at most per table.
const rangeCaches = {
  rollup_10s: new RollupBucketCache<TStat>({ granularity: BUCKET_10S, cost: () => 4, maxCost: 2_000_000 }),
  rollup_1m: new RollupBucketCache<TStat>({ granularity: BUCKET_1M, cost: () => 4, maxCost: 2_000_000 }),
};

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
  const bySeries = new Map<string, TSeriesBuckets>();
  const fold = q.agg === "max" || q.agg === "min" ? q.agg : "sum";
  for (const e of store.series.values()) {
    if (e.metric !== q.metric || !matches(e.labels, q)) continue;
    const b = newBuckets(e.labels, n, q.agg);
    bySeries.set(e.key, b);
    e.buf.addToBuckets(windowStart, q.to, start, q.step, b.values, b.counts, fold);
  }
  if (windowStart > start) {
    // 1 min rollups for long ranges; both tables are merged by the same flush, so neither lags the other.
    const table = q.to - q.from > 6 * 3_600_000 ? "rollup_1m" : "rollup_10s";
    const series = await sql.query<{ key: string; labels: TSeriesLabels }>(`SELECT key, labels FROM series WHERE cluster = $1 AND metric = $2`, [q.cluster, q.metric]);
    const wanted = series.filter((s) => matches(s.labels, q));
    const grid = { start, step: q.step, n };
    const got = await rangeCaches[table].read(sql, wanted.map((s) => s.key), grid, windowStart, (keys, lo, hi) => readRollupStats(sql, table, keys, lo, q.step, hi));
    for (const s of wanted) {
      const stats = got.get(s.key)!;
      let b = bySeries.get(s.key);
      for (let i = 0; i < n; i++) {
        const st = stats[i];
        if (st === undefined) continue;
        if (!b) bySeries.set(s.key, (b = newBuckets(s.labels, n, q.agg)));
        addToBucket(b, i, q.agg, st[0], st[1], st[2], st[3]);
      }
    }
  }
  return { metric: q.metric, agg: q.agg, by: q.by, start, step: q.step, buckets: n, series: groupSeries([...bySeries.values()], q, n) };
}
