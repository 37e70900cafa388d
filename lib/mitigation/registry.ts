import type { TControlPlane } from "@/lib/control-plane/types";
import type { PrismaClient } from "@/lib/generated/prisma/client.ts";
import type { ShardStatus } from "@/lib/generated/prisma/enums.ts";

// The shard registry: (shard, key range, node, capacity, status) per cluster with the control plane's
// routing version. A cutover (split, move, their rollbacks) bumps the plane's version; this mirrors
// the plane's topology in one transaction, and only forward, so readers never see an older layout
// under a newer version.

const CHUNK = 5_000;
const STATUS: Record<string, ShardStatus> = { active: "active", copying: "moving", retired: "retired" };

/** Mirrors the plane's topology if its routing version is newer than ours; returns the version now held. */
export async function syncShardRegistry(db: PrismaClient, plane: TControlPlane, cluster: string): Promise<number> {
  const topo = await plane.describeTopology(cluster);
  return db.$transaction(async (tx) => {
    const { count } = await tx.cluster.updateMany({ where: { name: cluster, routingVersion: { lt: topo.routingVersion } }, data: { routingVersion: topo.routingVersion } });
    if (count > 0) {
      // One set-based statement per chunk, not one upsert per shard: at 10,000 shards on PostgreSQL the
      // round trips alone outlasted the 5 s interactive-transaction timeout, so the registry never synced.
      for (let at = 0; at < topo.shards.length; at += CHUNK) {
        const part = topo.shards.slice(at, at + CHUNK);
        await tx.$executeRawUnsafe(
          `INSERT INTO shards (cluster, shard_id, node, key_range_start, key_range_end, capacity_qps, status)
           SELECT $1, t.id, t.node, t.ks, t.ke, t.cap, t.st::"ShardStatus"
           FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::float8[], $7::text[]) AS t(id, node, ks, ke, cap, st)
           ON CONFLICT (cluster, shard_id) DO UPDATE SET node = excluded.node, key_range_start = excluded.key_range_start,
             key_range_end = excluded.key_range_end, capacity_qps = excluded.capacity_qps, status = excluded.status`,
          cluster,
          part.map((s) => s.id),
          part.map((s) => s.node),
          part.map((s) => s.keyRange.start),
          part.map((s) => s.keyRange.end),
          part.map((s) => s.capacityQps),
          part.map((s) => STATUS[s.status] ?? "active"),
        );
      }
      const live = topo.shards.map((s) => s.id);
      await tx.$executeRawUnsafe(
        `UPDATE shards SET status = 'retired' WHERE cluster = $1 AND status <> 'retired' AND NOT (shard_id = ANY($2::text[]))`,
        cluster,
        live,
      );
    }
    const row = await tx.cluster.findUnique({ where: { name: cluster }, select: { routingVersion: true } });
    return row?.routingVersion ?? 0;
  });
}
