import type { TSqlRunner } from "@/lib/db/sql-runner";
import { BUCKET_10S, BUCKET_1M } from "@/lib/telemetry/rollup-aggregator";
import type { TGrid } from "../buckets";
import { RollupBucketCache } from "@/lib/telemetry/rollup-bucket-cache";

// The heatmap's part older than the window: per step bucket, each shard's sum and count of points from
// the rollups, in columns indexed by a per-cluster shard slot. Kept between requests (a 1,000-shard hour
// is 180,000 rollup rows; a poll 5 s later needs one more bucket of them).

/** One step bucket of one metric: sums and counts of every shard, at its slot (past the end: no data). */
export type TShardBucket = { sum: Float64Array; count: Float32Array };

const slotsByCluster = new WeakMap<object, Map<string, Map<string, number>>>();
// ~4 M numbers (about 48 MB): an hour of 10,000 shards at 10 s, twice over.
const caches = {
  rollup_10s: new RollupBucketCache<TShardBucket>({ granularity: BUCKET_10S, cost: (v) => v.sum.length, maxCost: 4_000_000 }),
  rollup_1m: new RollupBucketCache<TShardBucket>({ granularity: BUCKET_1M, cost: (v) => v.sum.length, maxCost: 4_000_000 }),
};

/** Shard → slot for a cluster: slots only ever get added, so columns read earlier stay valid. */
export function shardSlots(sql: TSqlRunner, cluster: string): Map<string, number> {
  let byCluster = slotsByCluster.get(sql);
  if (!byCluster) slotsByCluster.set(sql, (byCluster = new Map<string, Map<string, number>>()));
  let slots = byCluster.get(cluster);
  if (!slots) byCluster.set(cluster, (slots = new Map<string, number>()));
  return slots;
}

function slotOf(slots: Map<string, number>, shard: string): number {
  let s = slots.get(shard);
  if (s === undefined) slots.set(shard, (s = slots.size));
  return s;
}

/** Rollup rows of the cluster's shard series in [lo, hi), one text row per shard ("b sum count ..."): 1/4 the cost of a row per bucket. */
async function fetchBuckets(sql: TSqlRunner, table: string, cluster: string, metric: string, step: number, lo: number, hi: number): Promise<Map<number, TShardBucket>> {
  const rows = await sql.query<{ shard: string | null; v: string }>(
    `SELECT s.labels->>'shard' AS shard, string_agg(x.b::text || ' ' || x.sum::text || ' ' || x.count::text, ' ') AS v FROM (
       SELECT r.series_id, ((r.bucket - $3) / $4)::int AS b, sum(r.sum)::float8 AS sum, sum(r.count)::int AS count FROM ${table} r
       WHERE r.series_id IN (SELECT id FROM series WHERE cluster = $1 AND metric = $2) AND r.bucket >= $3 AND r.bucket < $5 GROUP BY 1, 2
     ) x JOIN series s ON s.id = x.series_id GROUP BY 1`,
    [cluster, `shard.${metric}`, lo, step, hi],
  );
  const slots = shardSlots(sql, cluster);
  for (const r of rows) slotOf(slots, r.shard ?? "");
  const out = new Map<number, TShardBucket>();
  for (const r of rows) {
    const slot = slots.get(r.shard ?? "")!;
    const parts = r.v.split(" ");
    for (let k = 0; k + 2 < parts.length; k += 3) {
      const t = lo + Number(parts[k]) * step;
      let bucket = out.get(t);
      if (!bucket) out.set(t, (bucket = { sum: new Float64Array(slots.size), count: new Float32Array(slots.size) }));
      bucket.sum[slot]! += Number(parts[k + 1]);
      bucket.count[slot]! += Number(parts[k + 2]);
    }
  }
  return out;
}

/** Per step bucket of the grid (index i), the shards' sums and counts, for the rollup buckets of [grid.start, until). */
export async function shardRollups(
  sql: TSqlRunner,
  table: "rollup_10s" | "rollup_1m",
  q: { cluster: string; metric: string },
  grid: TGrid,
  until: number,
): Promise<(TShardBucket | undefined)[]> {
  const { cluster, metric } = q;
  const key = `${cluster}\u0001${metric}\u0001${grid.step}`;
  const got = await caches[table].read(sql, [key], grid, until, async (_keys, lo, hi) => {
    return new Map([[key, await fetchBuckets(sql, table, cluster, metric, grid.step, lo, hi)]]);
  });
  return got.get(key)!;
}
