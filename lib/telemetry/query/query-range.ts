import type { TSqlRunner } from "@/lib/db/sql-runner";
import type { TSeriesLabels } from "../points";
import type { WindowStore } from "../window-store";
import { addToBucket, groupSeries, newBuckets, type TSeriesBuckets } from "./combine";
import type { TRangeQuery, TRangeResult } from "./schemas";

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
  for (const e of store.series.values()) {
    if (e.metric !== q.metric || !matches(e.labels, q)) continue;
    const b = newBuckets(e.labels, n, q.agg);
    bySeries.set(e.key, b);
    const buf = e.buf;
    for (let i = buf.lowerBound(windowStart); i < buf.length; i++) {
      const t = buf.tsAt(i);
      if (t >= q.to) break;
      const v = buf.valueAt(i);
      addToBucket(b, Math.floor((t - start) / q.step), q.agg, v, 1, v, v);
    }
  }
  if (windowStart > start) {
    // 1 min rollups lag their minute by up to a minute, hidden by the live window for long ranges.
    const table = q.to - q.from > 6 * 3_600_000 ? "rollup_1m" : "rollup_10s";
    const rows = await sql.query<{ key: string; labels: TSeriesLabels; b: number; sum: number; count: number; min: number; max: number }>(
      `SELECT s.key, s.labels, ((r.bucket - $3) / $4)::int AS b, sum(r.sum) AS sum, sum(r.count)::int AS count, min(r.min) AS min, max(r.max) AS max
       FROM ${table} r JOIN series s ON s.id = r.series_id
       WHERE s.cluster = $1 AND s.metric = $2 AND r.bucket >= $3 AND r.bucket < $5
       GROUP BY s.key, s.labels, b`,
      [q.cluster, q.metric, start, q.step, windowStart],
    );
    for (const r of rows) {
      if (!matches(r.labels, q)) continue;
      let b = bySeries.get(r.key);
      if (!b) bySeries.set(r.key, (b = newBuckets(r.labels, n, q.agg)));
      if (r.b >= 0 && r.b < n) addToBucket(b, r.b, q.agg, r.sum, r.count, r.min, r.max);
    }
  }
  return { metric: q.metric, agg: q.agg, by: q.by, start, step: q.step, buckets: n, series: groupSeries([...bySeries.values()], q, n) };
}
