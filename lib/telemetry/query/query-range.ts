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
    // 1 min rollups for long ranges; both tables are merged by the same flush, so neither lags the other.
    const table = q.to - q.from > 6 * 3_600_000 ? "rollup_1m" : "rollup_10s";
    const series = await sql.query<{ id: number; key: string; labels: TSeriesLabels }>(
      `SELECT id, key, labels FROM series WHERE cluster = $1 AND metric = $2`,
      [q.cluster, q.metric],
    );
    const byId = new Map(series.filter((s) => matches(s.labels, q)).map((s) => [s.id, s]));
    if (byId.size) {
      // Grouped by series id only (primary-key range scans); labels are joined here, not in SQL.
      const rows = await sql.query<{ id: number; b: number; sum: number; count: number; min: number; max: number }>(
        `SELECT series_id AS id, ((bucket - $2) / $3)::int AS b, sum(sum) AS sum, sum(count)::int AS count, min(min) AS min, max(max) AS max
         FROM ${table} WHERE series_id = ANY($1::int[]) AND bucket >= $2 AND bucket < $4 GROUP BY 1, 2`,
        [[...byId.keys()], start, q.step, windowStart],
      );
      for (const r of rows) {
        const s = byId.get(r.id)!;
        let b = bySeries.get(s.key);
        if (!b) bySeries.set(s.key, (b = newBuckets(s.labels, n, q.agg)));
        if (r.b >= 0 && r.b < n) addToBucket(b, r.b, q.agg, r.sum, r.count, r.min, r.max);
      }
    }
  }
  return { metric: q.metric, agg: q.agg, by: q.by, start, step: q.step, buckets: n, series: groupSeries([...bySeries.values()], q, n) };
}
