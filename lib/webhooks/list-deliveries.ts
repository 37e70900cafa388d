import { requirePermission } from "@/lib/auth/require";
import type { TCtx } from "@/lib/context";
import { DELIVERY_INCLUDE, getEndpointOrThrow, toDeliveryView } from "./internal";
import { ZListDeliveriesInput, type TListDeliveriesInput } from "./schemas";

/** An endpoint's recent deliveries, newest first, each with its attempts. */
export async function listDeliveries({ ctx, input }: { ctx: TCtx; input: { id: string } & TListDeliveriesInput }) {
  requirePermission(ctx.actor, "admin");
  const { id, ...rest } = input;
  const q = ZListDeliveriesInput.parse(rest);
  await getEndpointOrThrow(ctx.db, id);
  const rows = await ctx.db.webhookDelivery.findMany({
    where: { endpointId: id, ...(q.state ? { state: q.state } : {}) },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: q.limit,
    include: DELIVERY_INCLUDE,
  });
  return rows.map(toDeliveryView);
}
