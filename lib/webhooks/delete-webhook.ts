import { writeAudit } from "@/lib/audit/write-audit";
import { requirePermission } from "@/lib/auth/require";
import type { TCtx } from "@/lib/context";
import { NotFoundError } from "@/lib/errors";
import { configOf, getEndpointOrThrow } from "./internal";

/** Removes an endpoint with its deliveries and their attempt log. */
export async function deleteWebhook({ ctx, input }: { ctx: TCtx; input: { id: string } }) {
  requirePermission(ctx.actor, "admin");
  const before = await getEndpointOrThrow(ctx.db, input.id);
  await ctx.db.$transaction(async (tx) => {
    const { count } = await tx.webhookEndpoint.deleteMany({ where: { id: input.id, kind: "endpoint" } });
    if (!count) throw new NotFoundError(`No webhook endpoint with id ${input.id}`);
    await writeAudit(tx, { actor: ctx.actor, action: "webhook.delete", targetType: "webhook", targetId: input.id, before: configOf(before), requestId: ctx.requestId });
  });
}
