import { requirePermission } from "@/lib/auth/require";
import type { TCtx } from "@/lib/context";
import { nowOf } from "@/lib/context";
import type { TSqlRunner } from "@/lib/db/sql-runner";
import { SHARD_SLOT } from "@/lib/detection/engine/view";
import type { SeriesBuffer } from "@/lib/telemetry/series-buffer";
import type { WindowStore } from "@/lib/telemetry/window-store";
import { foldShard, gridValues, newGrid } from "./heatmap-grid";
import { shardRollups, shardSlots, type TShardBucket } from "./heatmap-rollups";
import { heatmapRows, rowIndexes } from "./keyspace";
import type { THeatmap, THeatmapInput, THeatmapMetric } from "./schemas";
import { liveClusters, shardsInKeyOrder } from "./shard-index";

export const METRIC_UNIT: Record<THeatmapMetric, string> = {
  qps: "qps",
  p99Ms: "ms",
  cpu: "fraction of a core",
  iops: "iops",
  errorRate: "fraction of requests",
};

type TOlder = TShardBucket & { b: number };

/** One shard's sums and counts per bucket: its rollup columns (at `slot`), then its window points in [from, to). */
function shardBuckets(
  sums: Float64Array,
  counts: Float64Array,
  older: readonly TOlder[],
  slot: number | undefined,
  buf: SeriesBuffer | undefined,
  w: { start: number; step: number; from: number; to: number },
): void {
  sums.fill(0);
  counts.fill(0);
  for (let k = 0; slot !== undefined && k < older.length; k++) {
    const r = older[k]!;
    if (slot >= r.sum.length || !r.count[slot]) continue;
    sums[r.b]! += r.sum[slot]!;
    counts[r.b]! += r.count[slot];
  }
  buf?.addToBuckets(w.from, w.to, w.start, w.step, sums, counts);
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
  // Only the shards and their series: no latest-value columns to refresh.
  const ordered = await shardsInKeyOrder(sql, cluster, liveClusters(store).get(cluster), now);
  // Rollups only when at least a whole bucket lies before the window (not for the window's own ragged edge).
  const table = to - input.from > 6 * 3_600_000 ? "rollup_1m" : "rollup_10s";
  const span = { start, step, n: buckets };
  const older = windowStart - start >= step ? await shardRollups(sql, table, input, span, windowStart) : [];
  const olderAt: TOlder[] = older.flatMap((v, b) => (v ? [{ b, ...v }] : []));
  const slots = shardSlots(sql, cluster);
  const live = liveClusters(store).get(cluster);
  const bufOf = new Map((live?.shards.things ?? []).map((t) => [t.labels.shard ?? "", t.series[SHARD_SLOT[metric]]]));
  const rowOf = rowIndexes(ordered.length, input.rows);
  const rows = heatmapRows(ordered, rowOf);
  const grid = newGrid(rows.length, buckets, metric === "qps" || metric === "iops" ? "sum" : "max");
  const sums = new Float64Array(buckets);
  const counts = new Float64Array(buckets);
  for (let i = 0; i < ordered.length; i++) {
    const id = ordered[i]!.shard;
    shardBuckets(sums, counts, olderAt, slots.get(id), bufOf.get(id), { start, step, from: windowStart, to });
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
