import type { Prisma, PrismaClient, User, WebhookEndpoint } from "@/lib/generated/prisma/client.ts";
import { NotFoundError, ValidationError } from "@/lib/errors";
import { checkOutboundUrl, UrlRefusedError, type TResolve, type TUrlPolicy } from "@/lib/net/url-guard";
import type { TDeliveryView, TWebhookFormat, TWebhookView } from "./schemas";

/** What services need to check a URL: the policy, and (in tests) a stub resolver. */
export type TWebhookGuard = { policy: TUrlPolicy; resolve?: TResolve };

export const WITH_CREATOR = { createdBy: { select: { email: true } } } as const;
type TRow = WebhookEndpoint & { createdBy?: Pick<User, "email"> | null };
const ms = (d: Date | null | undefined) => d?.getTime() ?? null;

export function configOf(row: WebhookEndpoint) {
  return { name: row.name, url: row.url, format: row.format, eventTypes: row.eventTypes, enabled: row.enabled };
}

export function toWebhookView(row: TRow, pending = 0): TWebhookView {
  const key = (row.options as { routingKey?: string } | null)?.routingKey;
  return {
    id: row.id,
    name: row.name,
    url: row.url,
    kind: row.kind as TWebhookView["kind"],
    format: row.format as TWebhookFormat,
    eventTypes: row.eventTypes,
    routingKeyHint: key ? `…${key.slice(-4)}` : null,
    enabled: row.enabled,
    disabledAt: ms(row.disabledAt),
    disabledReason: row.disabledReason,
    consecutiveFailures: row.consecutiveFailures,
    confirmedAt: ms(row.confirmedAt),
    createdBy: row.createdBy?.email ?? null,
    createdAt: row.createdAt.getTime(),
    updatedAt: row.updatedAt.getTime(),
    pending,
  };
}

type TDeliveryRow = Prisma.WebhookDeliveryGetPayload<{ include: { event: { select: { type: true } }; attemptLog: true } }>;
export const DELIVERY_INCLUDE = { event: { select: { type: true } }, attemptLog: { orderBy: { at: "desc" }, take: 50 } } as const;

export function toDeliveryView(row: TDeliveryRow): TDeliveryView {
  return {
    id: row.id,
    eventId: row.eventId,
    eventType: row.event.type,
    endpointId: row.endpointId,
    state: row.state as TDeliveryView["state"],
    attempts: row.attempts,
    nextAttemptAt: row.state === "pending" ? row.nextAttemptAt.getTime() : null,
    lastAttemptAt: ms(row.lastAttemptAt),
    deliveredAt: ms(row.deliveredAt),
    lastStatus: row.lastStatus,
    lastError: row.lastError,
    createdAt: row.createdAt.getTime(),
    attemptLog: row.attemptLog.map((a) => ({
      id: a.id,
      at: a.at.getTime(),
      status: a.status,
      latencyMs: a.latencyMs,
      error: a.error,
      responseExcerpt: a.responseExcerpt,
      retryAt: ms(a.retryAt),
    })),
  };
}

/** The DNS-resolving guard check; a refusal becomes a field issue on `url` for the form. */
export async function checkWebhookUrl(url: string, guard: TWebhookGuard): Promise<void> {
  try {
    await checkOutboundUrl(url, guard.policy, { resolve: guard.resolve, signal: AbortSignal.timeout(5_000) });
  } catch (err) {
    if (err instanceof UrlRefusedError) throw new ValidationError(`The URL was ${err.message}`, [{ path: "url", message: err.reason }]);
    throw new ValidationError("The URL could not be checked in time (DNS did not answer)", [{ path: "url", message: "could not be resolved in time" }]);
  }
}

export async function getEndpointOrThrow(db: Pick<PrismaClient, "webhookEndpoint">, id: string, kind: "endpoint" | "subscriber" = "endpoint"): Promise<TRow> {
  const row = await db.webhookEndpoint.findFirst({ where: { id, kind }, include: WITH_CREATOR });
  if (!row) throw new NotFoundError(kind === "endpoint" ? `No webhook endpoint with id ${id}` : `No status subscriber with id ${id}`);
  return row;
}

export async function pendingCounts(db: Pick<PrismaClient, "webhookDelivery">, ids: string[]): Promise<Map<string, number>> {
  const rows = await db.webhookDelivery.groupBy({ by: ["endpointId"], where: { endpointId: { in: ids }, state: "pending" }, _count: { _all: true } });
  return new Map(rows.map((r) => [r.endpointId, r._count._all]));
}
