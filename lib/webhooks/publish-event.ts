import type { Prisma, PrismaClient } from "@/lib/generated/prisma/client.ts";
import { nudgeDeliverers } from "./nudge";
import { SUBSCRIBER_EVENT_TYPES, ZWebhookEventType, type TAnyEventType, type TWebhookEventType } from "./schemas";
import { newMessageId } from "./sign";

export type TWebhookDb = PrismaClient | Prisma.TransactionClient;
type TTarget = { subscribedTo: TWebhookEventType } | { endpointIds: string[] };

function toJson(value: unknown): Prisma.InputJsonValue {
  return (value === undefined ? {} : JSON.parse(JSON.stringify(value))) as Prisma.InputJsonValue;
}

/** Stores the event and one pending delivery per target endpoint, atomically (the outbox). */
export async function enqueueEvent(db: TWebhookDb, event: { type: TAnyEventType; payload: unknown; occurredAt?: Date }, target: TTarget) {
  const now = new Date();
  const id = newMessageId();
  const where: Prisma.WebhookEndpointWhereInput =
    "endpointIds" in target
      ? { id: { in: target.endpointIds } }
      : {
          enabled: true,
          eventTypes: { has: target.subscribedTo },
          OR: [{ kind: "endpoint" }, ...(SUBSCRIBER_EVENT_TYPES.includes(target.subscribedTo) ? [{ kind: "subscriber", confirmedAt: { not: null } }] : [])],
        };
  const endpoints = await db.webhookEndpoint.findMany({ where, select: { id: true } });
  // One nested write: atomic on its own, and part of the caller's transaction when given one.
  await db.webhookEvent.create({
    data: {
      id,
      type: event.type,
      payload: toJson(event.payload),
      occurredAt: event.occurredAt ?? now,
      createdAt: now,
      deliveries: { createMany: { data: endpoints.map((e) => ({ endpointId: e.id, nextAttemptAt: now, createdAt: now })) } },
    },
  });
  const deliveries = endpoints.length;
  if (deliveries) setTimeout(nudgeDeliverers, 20); // after the caller's transaction has most likely committed
  return { id, deliveries };
}

/**
 * Queues an event for every enabled endpoint subscribed to its type (and confirmed status subscribers for
 * notice.*). Pass the caller's transaction to make the event part of it: it is sent only if that commits.
 */
export async function publishEvent(
  db: TWebhookDb,
  event: { type: TWebhookEventType; payload: unknown; occurredAt?: Date },
): Promise<{ id: string; deliveries: number }> {
  const type = ZWebhookEventType.parse(event.type);
  return enqueueEvent(db, { ...event, type }, { subscribedTo: type });
}
