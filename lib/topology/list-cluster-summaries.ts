import { requirePermission } from "@/lib/auth/require";
import type { TCtx } from "@/lib/context";

export type TClusterSummary = {
  name: string;
  displayName: string | null;
  lastSeenAt: number;
  shards: number;
  nodes: number;
  replicas: number;
  cacheNodes: number;
};

/** Every watched cluster with what it holds, most recently heard from first. */
export async function listClusterSummaries({ ctx }: { ctx: TCtx }): Promise<TClusterSummary[]> {
  requirePermission(ctx.actor, "read");
  const rows = await ctx.db.cluster.findMany({
    orderBy: { lastSeenAt: "desc" },
    take: 200,
    include: { _count: { select: { shards: true, nodes: true, replicas: true, cacheNodes: true } } },
  });
  return rows.map((r) => ({ name: r.name, displayName: r.displayName, lastSeenAt: r.lastSeenAt.getTime(), ...r._count }));
}
