import type { z } from "zod";
import { writeAudit } from "@/lib/audit/write-audit";
import { requirePermission } from "@/lib/auth/require";
import type { TCtx } from "@/lib/context";
import { NotFoundError } from "@/lib/errors";
import type { Prisma } from "@/lib/generated/prisma/client.ts";
import { ZDescribeInput, type TKind } from "./schemas";

type TTarget = { kind: TKind; cluster: string; id: string };

async function update(tx: Prisma.TransactionClient, t: TTarget, data: { displayName?: string | null; description?: string | null }) {
  const find = { cluster: () => tx.cluster.findUnique({ where: { name: t.id } }), node: () => tx.node.findUnique({ where: { clusterName_name: { clusterName: t.cluster, name: t.id } } }),
    shard: () => tx.shard.findUnique({ where: { clusterName_shardId: { clusterName: t.cluster, shardId: t.id } } }),
    replica: () => tx.replica.findUnique({ where: { clusterName_replica: { clusterName: t.cluster, replica: t.id } } }),
    "cache-node": () => tx.cacheNode.findUnique({ where: { clusterName_node: { clusterName: t.cluster, node: t.id } } }) }[t.kind];
  const before = await find();
  if (!before) throw new NotFoundError(`No ${t.kind} ${t.kind === "cluster" ? t.id : `${t.cluster}/${t.id}`}`);
  if (t.kind === "cluster") await tx.cluster.update({ where: { name: t.id }, data });
  else if (t.kind === "node") await tx.node.update({ where: { clusterName_name: { clusterName: t.cluster, name: t.id } }, data });
  else if (t.kind === "shard") await tx.shard.update({ where: { clusterName_shardId: { clusterName: t.cluster, shardId: t.id } }, data });
  else if (t.kind === "replica") await tx.replica.update({ where: { clusterName_replica: { clusterName: t.cluster, replica: t.id } }, data });
  else await tx.cacheNode.update({ where: { clusterName_node: { clusterName: t.cluster, node: t.id } }, data });
  return { displayName: before.displayName, description: before.description };
}

/** Gives a cluster or one of its things a display name and a description (the telemetry label stays). */
export async function describeEntity({ ctx, input }: { ctx: TCtx; input: TTarget & z.input<typeof ZDescribeInput> }) {
  requirePermission(ctx.actor, "operate");
  const parsed = ZDescribeInput.parse(input);
  const data = {
    ...(parsed.displayName !== undefined ? { displayName: parsed.displayName || null } : {}),
    ...(parsed.description !== undefined ? { description: parsed.description || null } : {}),
  };
  return ctx.db.$transaction(async (tx) => {
    const before = await update(tx, input, data);
    await writeAudit(tx, { actor: ctx.actor, action: `topology.describe`, targetType: input.kind, targetId: input.kind === "cluster" ? input.id : `${input.cluster}/${input.id}`, before, after: data, requestId: ctx.requestId });
    return { ...input, ...before, ...data };
  });
}
