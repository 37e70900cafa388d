import type { z } from "zod";
import { requirePermission } from "@/lib/auth/require";
import type { TCtx } from "@/lib/context";
import { ValidationError } from "@/lib/errors";
import type { TTopologyItem, ZListTopologyInput } from "./schemas";

type TRow = { displayName: string | null; description: string | null; firstSeenAt: Date; lastSeenAt: Date };
const times = (r: TRow) => ({ displayName: r.displayName, description: r.description, firstSeenAt: r.firstSeenAt.getTime(), lastSeenAt: r.lastSeenAt.getTime() });

/** Clusters, or one cluster's nodes, shards, replicas or cache nodes, with their names and notes. */
export async function listTopology({ ctx, input }: { ctx: TCtx; input: z.output<typeof ZListTopologyInput> }): Promise<{ items: TTopologyItem[]; total: number }> {
  requirePermission(ctx.actor, "read");
  const { kind, cluster, search, limit, offset } = input;
  const page = { take: limit, skip: offset };
  if (kind === "cluster") {
    const where = search ? { name: { contains: search } } : {};
    const [rows, total] = await Promise.all([ctx.db.cluster.findMany({ where, orderBy: { name: "asc" }, ...page }), ctx.db.cluster.count({ where })]);
    return { total, items: rows.map((r) => ({ kind, cluster: r.name, id: r.name, detail: {}, ...times(r) })) };
  }
  if (!cluster) throw new ValidationError("Choose a cluster", [{ path: "cluster", message: "required for this kind" }]);
  if (kind === "shard") {
    const where = { clusterName: cluster, ...(search ? { shardId: { contains: search } } : {}) };
    const [rows, total] = await Promise.all([ctx.db.shard.findMany({ where, orderBy: { shardId: "asc" }, ...page }), ctx.db.shard.count({ where })]);
    return { total, items: rows.map((r) => ({ kind, cluster, id: r.shardId, detail: { node: r.node, keyRange: r.keyRangeStart !== null ? `${r.keyRangeStart}…${r.keyRangeEnd ?? ""}` : null, status: r.status }, ...times(r) })) };
  }
  if (kind === "replica") {
    const where = { clusterName: cluster, ...(search ? { replica: { contains: search } } : {}) };
    const [rows, total] = await Promise.all([ctx.db.replica.findMany({ where, orderBy: { replica: "asc" }, ...page }), ctx.db.replica.count({ where })]);
    return { total, items: rows.map((r) => ({ kind, cluster, id: r.replica, detail: { shard: r.shardId, node: r.node }, ...times(r) })) };
  }
  const where = { clusterName: cluster, ...(search ? (kind === "node" ? { name: { contains: search } } : { node: { contains: search } }) : {}) };
  if (kind === "node") {
    const [rows, total] = await Promise.all([ctx.db.node.findMany({ where, orderBy: { name: "asc" }, ...page }), ctx.db.node.count({ where })]);
    return { total, items: rows.map((r) => ({ kind, cluster, id: r.name, detail: {}, ...times(r) })) };
  }
  const [rows, total] = await Promise.all([ctx.db.cacheNode.findMany({ where, orderBy: { node: "asc" }, ...page }), ctx.db.cacheNode.count({ where })]);
  return { total, items: rows.map((r) => ({ kind, cluster, id: r.node, detail: {}, ...times(r) })) };
}
