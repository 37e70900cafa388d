import { writeAudit } from "@/lib/audit/write-audit";
import { requirePermission } from "@/lib/auth/require";
import type { TCtx } from "@/lib/context";
import { nowOf } from "@/lib/context";
import { getEndpointOrThrow } from "./internal";
import { enqueueEvent } from "./publish-event";

/** Queues a `ping` event to this one endpoint (even when disabled it is stored; it goes out once enabled). */
export async function testWebhook({ ctx, input }: { ctx: TCtx; input: { id: string } }) {
  requirePermission(ctx.actor, "admin");
  const endpoint = await getEndpointOrThrow(ctx.db, input.id);
  const now = nowOf(ctx);
  return ctx.db.$transaction(async (tx) => {
    const event = await enqueueEvent(
      tx,
      { type: "ping", payload: { endpointId: endpoint.id, name: endpoint.name, summary: `Test of "${endpoint.name}" sent by ${ctx.actor.label}` }, occurredAt: now },
      { endpointIds: [endpoint.id] },
    );
    await writeAudit(tx, { actor: ctx.actor, action: "webhook.test", targetType: "webhook", targetId: endpoint.id, after: { eventId: event.id }, requestId: ctx.requestId });
    return { eventId: event.id };
  });
}
