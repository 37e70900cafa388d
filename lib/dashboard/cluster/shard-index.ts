import type { TSqlRunner } from "@/lib/db/sql-runner";
import type { TClusterView } from "@/lib/detection/engine/view";
import { NotFoundError } from "@/lib/errors";
import { orderByKey, type TShardKey } from "./keyspace";

// A cluster's shards in key order (key ranges from the shards table, shards only in the window
// appended) and its view of the live window. One SQL query; the view's grouping is kept across calls.

export { liveClusters, liveView } from "../live-view";

/** NotFoundError unless the window or the clusters table knows the cluster. */
export async function assertClusterKnown(sql: TSqlRunner, cluster: string, live: TClusterView | undefined): Promise<void> {
  if (live) return;
  const known = await sql.query(`SELECT 1 FROM clusters WHERE name = $1`, [cluster]);
  if (!known.length) throw new NotFoundError(`No cluster named ${cluster}`);
}

type TShardRow = { shard: string; node: string; keyStart: string | null; keyEnd: string | null };

// Key ranges change only on a split or a move: each database's answer is kept a few seconds, so a page
// polling every 5 s does not re-read and re-sort 10,000 shard rows each time.
const KEY_ORDER_TTL_MS = 10_000;
const keyOrderCache = new WeakMap<TSqlRunner, Map<string, { at: number; rows: readonly TShardRow[] }>>();

async function shardRows(sql: TSqlRunner, cluster: string, now: number): Promise<readonly TShardRow[]> {
  let byCluster = keyOrderCache.get(sql);
  if (!byCluster) keyOrderCache.set(sql, (byCluster = new Map<string, { at: number; rows: readonly TShardRow[] }>()));
  const hit = byCluster.get(cluster);
  if (hit && now - hit.at < KEY_ORDER_TTL_MS && now >= hit.at) return hit.rows;
  const rows = await sql.query<TShardRow>(
    `SELECT shard_id AS shard, node, key_range_start AS "keyStart", key_range_end AS "keyEnd" FROM shards WHERE cluster = $1`,
    [cluster],
  );
  const ordered = orderByKey(rows);
  byCluster.set(cluster, { at: now, rows: ordered });
  return ordered;
}

/** Registered shards of a cluster; NotFoundError when neither the database nor the window knows it. */
export async function shardsInKeyOrder(sql: TSqlRunner, cluster: string, live: TClusterView | undefined, now = Date.now()): Promise<readonly TShardKey[]> {
  const rows = await shardRows(sql, cluster, now);
  if (!rows.length) await assertClusterKnown(sql, cluster, live);
  const seen = new Set(rows.map((r) => r.shard));
  const extra: TShardKey[] = [];
  for (const t of live?.shards.things ?? []) {
    const id = t.labels.shard;
    if (id !== undefined && !seen.has(id)) extra.push({ shard: id, node: t.labels.node ?? null, keyStart: null, keyEnd: null });
  }
  // Shards not registered yet (their first flush is pending) have no known range: they go last.
  return extra.length ? orderByKey([...rows, ...extra]) : rows;
}
