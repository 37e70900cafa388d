import type { TSqlRunner } from "@/lib/db/sql-runner";
import type { TSample } from "./sample";

// Clusters, nodes, shards, replicas and cache nodes are registered the first time telemetry names
// them. Writes are batched with the rollup flush and repeated only on change or once a minute.

type TKind = "cluster" | "node" | "shard" | "replica" | "cache";
type TEntity = { kind: TKind; cluster: string; id: string; attr: string; extra?: [string | null, string | null]; written: number; dirty: boolean };
const REFRESH_MS = 60_000;

const UPSERT: Record<TKind, string> = {
  cluster: `INSERT INTO clusters (name, last_seen_at) SELECT DISTINCT c, now() FROM unnest($1::text[]) AS c
    ON CONFLICT (name) DO UPDATE SET last_seen_at = now()`,
  node: `INSERT INTO nodes (cluster, name, last_seen_at) SELECT c, n, now() FROM unnest($1::text[], $2::text[]) AS t(c, n)
    ON CONFLICT (cluster, name) DO UPDATE SET last_seen_at = now()`,
  shard: `INSERT INTO shards (cluster, shard_id, node, key_range_start, key_range_end, last_seen_at)
    SELECT c, s, n, ks, ke, now() FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[]) AS t(c, s, n, ks, ke)
    ON CONFLICT (cluster, shard_id) DO UPDATE SET node = excluded.node, last_seen_at = now(),
      key_range_start = COALESCE(excluded.key_range_start, shards.key_range_start),
      key_range_end = COALESCE(excluded.key_range_end, shards.key_range_end)`,
  replica: `INSERT INTO replicas (cluster, replica, shard_id, node, last_seen_at)
    SELECT c, r, s, NULLIF(n, ''), now() FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]) AS t(c, r, s, n)
    ON CONFLICT (cluster, replica) DO UPDATE SET shard_id = excluded.shard_id, node = COALESCE(excluded.node, replicas.node), last_seen_at = now()`,
  cache: `INSERT INTO cache_nodes (cluster, node, last_seen_at) SELECT c, n, now() FROM unnest($1::text[], $2::text[]) AS t(c, n)
    ON CONFLICT (cluster, node) DO UPDATE SET last_seen_at = now()`,
};

export class TopologyRegistry {
  private entities = new Map<string, TEntity>();

  private note(kind: TKind, cluster: string, id: string, attr: string, now: number, extra?: [string | null, string | null]): void {
    const key = `${kind}\u0001${cluster}\u0001${id}`;
    const e = this.entities.get(key);
    if (!e) this.entities.set(key, { kind, cluster, id, attr, extra, written: 0, dirty: true });
    else if (e.attr !== attr || (extra && (extra[0] !== e.extra?.[0] || extra[1] !== e.extra?.[1])) || now - e.written > REFRESH_MS) {
      Object.assign(e, { attr, extra: extra ?? e.extra, dirty: true });
    }
  }

  observe(s: TSample, now: number): void {
    this.note("cluster", s.cluster, s.cluster, "", now);
    if (s.type === "shard") {
      this.note("node", s.cluster, s.node, "", now);
      this.note("shard", s.cluster, s.shard, s.node, now, s.keyRange ? [s.keyRange.start, s.keyRange.end] : undefined);
    } else if (s.type === "replica") {
      if (s.node) this.note("node", s.cluster, s.node, "", now);
      this.note("replica", s.cluster, s.replica, `${s.shard}\u0001${s.node ?? ""}`, now);
    } else this.note("cache", s.cluster, s.node, "", now);
  }

  /** Writes what changed; on failure the entities stay dirty for the next flush. */
  async flush(sql: TSqlRunner, now: number): Promise<number> {
    const dirty = [...this.entities.values()].filter((e) => e.dirty);
    if (!dirty.length) return 0;
    const of = (k: TKind) => dirty.filter((e) => e.kind === k);
    await sql.transaction(async (tx) => {
      const run = async (k: TKind, cols: (e: TEntity) => (string | null)[]) => {
        const list = of(k);
        if (!list.length) return;
        const rows = list.map(cols);
        await tx.query(UPSERT[k], rows[0]!.map((_, i) => rows.map((r) => r[i])));
      };
      await run("cluster", (e) => [e.cluster]);
      await run("node", (e) => [e.cluster, e.id]);
      await run("shard", (e) => [e.cluster, e.id, e.attr, e.extra?.[0] ?? null, e.extra?.[1] ?? null]);
      await run("replica", (e) => [e.cluster, e.id, ...(e.attr.split("\u0001") as [string, string])]);
      await run("cache", (e) => [e.cluster, e.id]);
    });
    for (const e of dirty) Object.assign(e, { dirty: false, written: now });
    return dirty.length;
  }
}
