import type { TControlPlane } from "@/lib/control-plane/types";
import type { PrismaClient } from "@/lib/generated/prisma/client.ts";
import type { ShardStatus } from "@/lib/generated/prisma/enums.ts";

// The shard registry: (shard, key range, node, capacity, status) per cluster with the control plane's
// routing version. A cutover (split, move, their rollbacks) bumps the plane's version; this mirrors
// the plane's topology in one transaction, and only forward, so readers never see an older layout
// under a newer version.

const STATUS: Record<string, ShardStatus> = { active: "active", copying: "moving", retired: "retired" };

/** Mirrors the plane's topology if its routing version is newer than ours; returns the version now held. */
export async function syncShardRegistry(db: PrismaClient, plane: TControlPlane, cluster: string): Promise<number> {
  const topo = await plane.describeTopology(cluster);
  return db.$transaction(async (tx) => {
    const { count } = await tx.cluster.updateMany({ where: { name: cluster, routingVersion: { lt: topo.routingVersion } }, data: { routingVersion: topo.routingVersion } });
    if (count > 0) {
      const live = new Set(topo.shards.map((s) => s.id));
      for (const s of topo.shards) {
        const data = { node: s.node, keyRangeStart: s.keyRange.start, keyRangeEnd: s.keyRange.end, capacityQps: s.capacityQps, status: STATUS[s.status] ?? "active" };
        await tx.shard.upsert({ where: { clusterName_shardId: { clusterName: cluster, shardId: s.id } }, create: { clusterName: cluster, shardId: s.id, ...data }, update: data });
      }
      await tx.shard.updateMany({ where: { clusterName: cluster, shardId: { notIn: [...live] }, status: { not: "retired" } }, data: { status: "retired" } });
    }
    const row = await tx.cluster.findUnique({ where: { name: cluster }, select: { routingVersion: true } });
    return row?.routingVersion ?? 0;
  });
}
