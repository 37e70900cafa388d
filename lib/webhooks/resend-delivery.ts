import { writeAudit } from "@/lib/audit/write-audit";
import { requirePermission } from "@/lib/auth/require";
import type { TCtx } from "@/lib/context";
import { nowOf } from "@/lib/context";
import { ConflictError, NotFoundError } from "@/lib/errors";
import { DELIVERY_INCLUDE, toDeliveryView } from "./internal";
import { nudgeDeliverers } from "./nudge";

/**
 * Sends a delivery again now with the same webhook-id (receivers dedup on it): a delivered or failed one
 * goes back to pending with a fresh retry window; a pending one that is not being sent is moved forward.
 */
export async function resendDelivery({ ctx, input }: { ctx: TCtx; input: { id: string } }) {
  requirePermission(ctx.actor, "operate");
  const now = nowOf(ctx);
  const row = await ctx.db.$transaction(async (tx) => {
    const before = await tx.webhookDelivery.findUnique({ where: { id: input.id } });
    if (!before) throw new NotFoundError(`No webhook delivery with id ${input.id}`);
    const { count } = await tx.webhookDelivery.updateMany({
      where: { id: input.id, OR: [{ state: { in: ["delivered", "failed", "cancelled"] } }, { state: "pending", OR: [{ leaseUntil: null }, { leaseUntil: { lt: now } }] }] },
      data: { state: "pending", nextAttemptAt: now, createdAt: now, deliveredAt: null, leaseUntil: null, leaseOwner: null },
    });
    if (!count) throw new ConflictError("This delivery is being sent right now; its attempt will show in a moment");
    await writeAudit(tx, { actor: ctx.actor, action: "webhook.resend", targetType: "webhook_delivery", targetId: input.id, before: { state: before.state }, requestId: ctx.requestId });
    return tx.webhookDelivery.findUniqueOrThrow({ where: { id: input.id }, include: DELIVERY_INCLUDE });
  });
  nudgeDeliverers();
  return toDeliveryView(row);
}
