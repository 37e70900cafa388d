import type { TSqlRunner } from "@/lib/db/sql-runner";

/** A series' rollups over one step bucket: sum, count, min, max. */
export type TStat = [number, number, number, number];

/**
 * Rollup rows lo ≤ bucket < hi of the series `keys`, folded per series and step bucket (keyed by the
 * step bucket's start; lo is one). Series or buckets with no rows are absent. The read behind every
 * RollupBucketCache of series values (the query API, the dashboard's charts).
 */
export async function readRollupStats(
  sql: TSqlRunner,
  table: "rollup_10s" | "rollup_1m",
  keys: string[],
  lo: number,
  step: number,
  hi: number,
): Promise<Map<string, Map<number, TStat>>> {
  const rows = await sql.query<{ key: string; b: number; sum: number; count: number; min: number; max: number }>(
    `SELECT s.key, ((r.bucket - $2) / $3)::int AS b, sum(r.sum)::float8 AS sum, sum(r.count)::int AS count, min(r.min)::float8 AS min, max(r.max)::float8 AS max
     FROM ${table} r JOIN series s ON s.id = r.series_id
     WHERE s.key = ANY($1::text[]) AND r.bucket >= $2 AND r.bucket < $4 GROUP BY 1, 2`,
    [keys, lo, step, hi],
  );
  const out = new Map<string, Map<number, TStat>>();
  for (const r of rows) {
    if (!r.count) continue;
    let m = out.get(r.key);
    if (!m) out.set(r.key, (m = new Map<number, TStat>()));
    m.set(lo + r.b * step, [Number(r.sum), r.count, Number(r.min), Number(r.max)]);
  }
  return out;
}
