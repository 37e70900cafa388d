import { z } from "zod";
import { requirePermission } from "@/lib/auth/require";
import type { TCtx } from "@/lib/context";
import { NotFoundError } from "@/lib/errors";

export const ZRoutingView = z.object({
  cluster: z.string(),
  routingVersion: z.number().int(),
  shards: z.array(z.object({ id: z.string(), keyRange: z.object({ start: z.string(), end: z.string() }).nullable(), node: z.string(), capacityQps: z.number().nullable(), status: z.string() })),
});
export type TRoutingView = z.infer<typeof ZRoutingView>;

/** The registry as one consistent read: the version and the shards it describes. */
export async function getRouting({ ctx, input }: { ctx: TCtx; input: { cluster: string } }): Promise<TRoutingView> {
  requirePermission(ctx.actor, "read");
  return ctx.db.$transaction(async (tx) => {
    const cluster = await tx.cluster.findUnique({ where: { name: input.cluster }, select: { routingVersion: true } });
    if (!cluster) throw new NotFoundError(`No cluster "${input.cluster}"`);
    const shards = await tx.shard.findMany({ where: { clusterName: input.cluster, status: { not: "retired" } }, orderBy: { keyRangeStart: "asc" } });
    return {
      cluster: input.cluster,
      routingVersion: cluster.routingVersion,
      shards: shards.map((s) => ({
        id: s.shardId,
        keyRange: s.keyRangeStart !== null && s.keyRangeEnd !== null ? { start: s.keyRangeStart, end: s.keyRangeEnd } : null,
        node: s.node,
        capacityQps: s.capacityQps,
        status: s.status,
      })),
    };
  });
}
