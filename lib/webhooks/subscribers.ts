import { writeAudit } from "@/lib/audit/write-audit";
import { SYSTEM_ACTOR } from "@/lib/auth/actor";
import type { PrismaClient } from "@/lib/generated/prisma/client.ts";
import { ConflictError, NotFoundError, RateLimitedError } from "@/lib/errors";
import { checkWebhookUrl, type TWebhookGuard } from "./internal";
import { enqueueEvent } from "./publish-event";
import { SUBSCRIBER_EVENT_TYPES, ZSubscribeInput } from "./schemas";
import { hashToken, newToken, newWebhookSecret } from "./sign";

// Public status-page subscribers: anyone may register a URL; it receives nothing but a signed
// subscription.confirm event until someone holding that event's one-time token confirms. The signing
// secret is returned once, at registration; the unsubscribe token travels in the confirm event.

type TSubCtx = { db: PrismaClient; baseUrl: string; guard: TWebhookGuard; now?: Date };
const PENDING_LIMIT_PER_URL = 3;

export async function subscribeToStatus({ ctx, input }: { ctx: TSubCtx; input: { url: string } }) {
  const { url } = ZSubscribeInput.parse(input);
  await checkWebhookUrl(url, ctx.guard);
  const now = ctx.now ?? new Date();
  const hourAgo = new Date(now.getTime() - 3_600_000);
  const confirm = newToken();
  const unsubscribe = newToken();
  const secret = newWebhookSecret();
  return ctx.db.$transaction(async (tx) => {
    const existing = await tx.webhookEndpoint.findMany({ where: { kind: "subscriber", url }, select: { confirmedAt: true, createdAt: true } });
    if (existing.some((e) => e.confirmedAt)) throw new ConflictError("This URL is already subscribed; unsubscribe first to register it again");
    if (existing.filter((e) => e.createdAt > hourAgo).length >= PENDING_LIMIT_PER_URL) {
      throw new RateLimitedError("This URL has unconfirmed registrations waiting; confirm one or try again in an hour", 3600);
    }
    const row = await tx.webhookEndpoint.create({
      data: {
        name: new URL(url).host,
        url,
        kind: "subscriber",
        format: "json",
        eventTypes: [...SUBSCRIBER_EVENT_TYPES],
        secret,
        confirmTokenHash: confirm.hash,
        unsubscribeTokenHash: unsubscribe.hash,
        createdAt: now,
        updatedAt: now,
      },
    });
    const base = `${ctx.baseUrl}/api/v1/status/subscribers/${row.id}`;
    const data = {
      subscriberId: row.id,
      summary: "Confirm this subscription to Shardwatch status notices",
      confirm: { url: `${base}:confirm`, token: confirm.token },
      unsubscribe: { url: `${base}:unsubscribe`, token: unsubscribe.token },
    };
    await enqueueEvent(tx, { type: "subscription.confirm", payload: data, occurredAt: now }, { endpointIds: [row.id] });
    return { id: row.id, secret, status: "pending_confirmation" as const };
  });
}

export async function confirmStatusSubscriber({ ctx, input }: { ctx: { db: PrismaClient; now?: Date }; input: { id: string; token: string } }) {
  const now = ctx.now ?? new Date();
  return ctx.db.$transaction(async (tx) => {
    const { count } = await tx.webhookEndpoint.updateMany({
      where: { id: input.id, kind: "subscriber", confirmTokenHash: hashToken(input.token) },
      data: { confirmedAt: now, confirmTokenHash: null, updatedAt: now },
    });
    if (!count) throw new NotFoundError("No unconfirmed subscription matches this id and token (it may be confirmed already)");
    await writeAudit(tx, { actor: SYSTEM_ACTOR, action: "status_subscriber.confirm", targetType: "webhook", targetId: input.id });
    return { id: input.id, status: "active" as const };
  });
}

export async function unsubscribeStatusSubscriber({ ctx, input }: { ctx: { db: PrismaClient }; input: { id: string; token: string } }) {
  return ctx.db.$transaction(async (tx) => {
    const { count } = await tx.webhookEndpoint.deleteMany({ where: { id: input.id, kind: "subscriber", unsubscribeTokenHash: hashToken(input.token) } });
    if (!count) throw new NotFoundError("No subscription matches this id and token");
    await writeAudit(tx, { actor: SYSTEM_ACTOR, action: "status_subscriber.unsubscribe", targetType: "webhook", targetId: input.id });
    return { id: input.id, status: "unsubscribed" as const };
  });
}
