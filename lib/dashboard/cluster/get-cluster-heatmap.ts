import { requirePermission } from "@/lib/auth/require";
import type { TCtx } from "@/lib/context";
import { nowOf } from "@/lib/context";
import type { TSqlRunner } from "@/lib/db/sql-runner";
import { SHARD_SLOT } from "@/lib/detection/engine/view";
import type { TSeriesLabels } from "@/lib/telemetry/points";
import type { WindowStore } from "@/lib/telemetry/window-store";
import { foldShard, gridValues, newGrid } from "./heatmap-grid";
import { heatmapRows, rowIndexes } from "./keyspace";
import type { THeatmap, THeatmapInput, THeatmapMetric } from "./schemas";
import { liveView, shardsInKeyOrder } from "./shard-index";

export const METRIC_UNIT: Record<THeatmapMetric, string> = {
  qps: "qps",
  p99Ms: "ms",
  cpu: "fraction of a core",
  iops: "iops",
  errorRate: "fraction of requests",
};

type TRollup = { b: Int32Array; sum: Float64Array; count: Float64Array };

/** Rollup buckets older than the window, per shard: one grouped SQL over rollup_10s (or rollup_1m beyond 6 h) by series id. */
async function rollupsByShard(sql: TSqlRunner, q: THeatmapInput & { cluster: string }, start: number, until: number): Promise<Map<string, TRollup>> {
  const table = q.to - q.from > 6 * 3_600_000 ? "rollup_1m" : "rollup_10s";
  const series = await sql.query<{ id: number; labels: TSeriesLabels }>(`SELECT id, labels FROM series WHERE cluster = $1 AND metric = $2`, [
    q.cluster,
    `shard.${q.metric}`,
  ]);
  const out = new Map<string, TRollup>();
  if (!series.length) return out;
  const shardOf = new Map(series.map((s) => [s.id, s.labels.shard ?? ""]));
  const rows = await sql.query<{ id: number; b: number; sum: number; count: number }>(
    `SELECT series_id AS id, ((bucket - $2) / $3)::int AS b, sum(sum) AS sum, sum(count)::int AS count
     FROM ${table} WHERE series_id = ANY($1::int[]) AND bucket >= $2 AND bucket < $4 GROUP BY 1, 2 ORDER BY 1`,
    [[...shardOf.keys()], start, q.step, until],
  );
  for (let i = 0; i < rows.length;) {
    let j = i;
    while (j < rows.length && rows[j]!.id === rows[i]!.id) j++;
    const part = rows.slice(i, j);
    out.set(shardOf.get(rows[i]!.id)!, {
      b: Int32Array.from(part, (r) => r.b),
      sum: Float64Array.from(part, (r) => Number(r.sum)),
      count: Float64Array.from(part, (r) => Number(r.count)),
    });
    i = j;
  }
  return out;
}

/** The keyspace heatmap: shards in key order (grouped into at most `rows` rows) by time bucket, from the window and the rollups. */
export async function getClusterHeatmap({
  ctx,
  input,
  store,
  sql,
}: {
  ctx: TCtx;
  input: THeatmapInput & { cluster: string };
  store: WindowStore;
  sql: TSqlRunner;
}): Promise<THeatmap> {
  requirePermission(ctx.actor, "read");
  const now = nowOf(ctx).getTime();
  const { cluster, metric, step, to } = input;
  const start = Math.floor(input.from / step) * step;
  const buckets = Math.ceil((to - start) / step);
  const windowStart = Math.max(start, now - store.opts.retentionMs);
  const probe = liveView(store, now).clusters.get(cluster);
  const ordered = await shardsInKeyOrder(sql, cluster, probe, now);
  // Rollups only when at least a whole bucket lies before the window (not for the window's own ragged edge).
  const older = windowStart - start >= step ? await rollupsByShard(sql, input, start, windowStart) : new Map<string, TRollup>();
  // Read after the awaits, in one synchronous stretch: the view's columns are shared with other callers.
  const live = liveView(store, now).clusters.get(cluster);
  const bufOf = new Map((live?.shards.things ?? []).map((t) => [t.labels.shard ?? "", t.series[SHARD_SLOT[metric]]]));
  const rowOf = rowIndexes(ordered.length, input.rows);
  const rows = heatmapRows(ordered, rowOf);
  const grid = newGrid(rows.length, buckets, metric === "qps" || metric === "iops" ? "sum" : "max");
  const sums = new Float64Array(buckets);
  const counts = new Float64Array(buckets);
  for (let i = 0; i < ordered.length; i++) {
    sums.fill(0);
    counts.fill(0);
    const id = ordered[i]!.shard;
    const r = older.get(id);
    for (let k = 0; r && k < r.b.length; k++) {
      const b = r.b[k]!;
      if (b < 0 || b >= buckets) continue;
      sums[b]! += r.sum[k]!;
      counts[b]! += r.count[k]!;
    }
    const buf = bufOf.get(id);
    if (buf) {
      for (let p = buf.lowerBound(windowStart); p < buf.length; p++) {
        const t = buf.tsAt(p);
        if (t >= to) break;
        const b = Math.floor((t - start) / step);
        sums[b]! += buf.valueAt(p);
        counts[b]!++;
      }
    }
    foldShard(grid, rowOf[i]!, i, sums, counts);
  }
  const { values, max } = gridValues(grid);
  return {
    cluster,
    metric,
    unit: METRIC_UNIT[metric],
    rowAgg: grid.agg,
    start,
    step,
    buckets,
    shards: ordered.length,
    rows: rows.map((row, i) => ({ ...row, hottest: grid.hottest[i]! >= 0 ? ordered[grid.hottest[i]!]!.shard : null })),
    values,
    max,
  };
}
