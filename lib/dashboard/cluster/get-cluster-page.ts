import { requirePermission } from "@/lib/auth/require";
import type { TCtx } from "@/lib/context";
import { NotFoundError } from "@/lib/errors";
import type { WindowStore } from "@/lib/telemetry/window-store";

export type TClusterHeader = { name: string; displayName: string | null; description: string | null; shards: number; nodes: number; replicas: number };

/** The cluster page's heading; NotFoundError when neither the database nor the live window knows the cluster. */
export async function getClusterPage({ ctx, input, store }: { ctx: TCtx; input: { cluster: string }; store: WindowStore }): Promise<TClusterHeader> {
  requirePermission(ctx.actor, "read");
  const row = await ctx.db.cluster.findUnique({
    where: { name: input.cluster },
    include: { _count: { select: { shards: true, nodes: true, replicas: true } } },
  });
  if (row) return { name: row.name, displayName: row.displayName, description: row.description, ...row._count };
  let shards = 0;
  for (const e of store.entities.values()) if (e.labels.cluster === input.cluster && e.labels.shard !== undefined && e.labels.replica === undefined) shards++;
  if (!shards) throw new NotFoundError(`No cluster named ${input.cluster}`);
  return { name: input.cluster, displayName: null, description: null, shards, nodes: 0, replicas: 0 };
}
