import { writeAudit } from "@/lib/audit/write-audit";
import { SYSTEM_ACTOR } from "@/lib/auth/actor";
import type { PrismaClient } from "@/lib/generated/prisma/client.ts";
import { log } from "@/lib/log";
import { nextAttemptAt, type TBackoff } from "./backoff";
import type { TClaimedDelivery } from "./claim-deliveries";
import { webhookMetrics } from "./metrics";
import type { TSendResult } from "./send-delivery";

export type TRecordOptions = { backoff: TBackoff; disableAfter: number; random?: () => number };
export type TOutcome = "delivered" | "retry" | "failed" | "lost_lease";
export type TRecorded = { outcome: TOutcome; retryAt: number | null };

/**
 * Logs the attempt and moves the delivery on, in one transaction: delivered on 2xx; otherwise a retry
 * with backoff, or failed once the retry window is over. N failed deliveries in a row disable the endpoint.
 */
export async function recordAttempt(db: PrismaClient, d: TClaimedDelivery, token: string, r: TSendResult, at: Date, opts: TRecordOptions): Promise<TRecorded> {
  const retry = r.ok ? null : nextAttemptAt({ attempts: d.attempts + 1, createdAt: d.createdAt.getTime(), now: at.getTime() }, opts.backoff, opts.random);
  const state = r.ok ? "delivered" : retry === null ? "failed" : "pending";
  const outcome = await db.$transaction(async (tx) => {
    await tx.webhookAttempt.create({
      data: { deliveryId: d.id, at, status: r.status, latencyMs: r.latencyMs, error: r.error, responseExcerpt: r.excerpt, retryAt: retry === null ? null : new Date(retry) },
    });
    const { count } = await tx.webhookDelivery.updateMany({
      where: { id: d.id, leaseOwner: token, state: "pending" },
      data: {
        state,
        attempts: { increment: 1 },
        lastAttemptAt: at,
        lastStatus: r.status,
        lastError: r.error,
        leaseUntil: null,
        leaseOwner: null,
        ...(r.ok ? { deliveredAt: at } : retry !== null ? { nextAttemptAt: new Date(retry) } : {}),
      },
    });
    if (!count) return "lost_lease" as const;
    if (r.ok) {
      await tx.webhookEndpoint.updateMany({ where: { id: d.endpointId, consecutiveFailures: { gt: 0 } }, data: { consecutiveFailures: 0 } });
      return "delivered" as const;
    }
    if (state === "failed") await countFailure(tx as unknown as PrismaClient, d, at, opts.disableAfter, r.error);
    return state === "failed" ? ("failed" as const) : ("retry" as const);
  });
  const m = webhookMetrics();
  m.attempts.inc({ outcome });
  m.latency.observe(r.latencyMs / 1000);
  if (outcome === "delivered" || outcome === "failed") m.deliveries.inc({ outcome });
  return { outcome, retryAt: outcome === "retry" ? retry : null };
}

async function countFailure(tx: PrismaClient, d: TClaimedDelivery, at: Date, disableAfter: number, lastError: string | null): Promise<void> {
  const ep = await tx.webhookEndpoint.update({ where: { id: d.endpointId }, data: { consecutiveFailures: { increment: 1 } }, select: { consecutiveFailures: true } });
  if (ep.consecutiveFailures < disableAfter) return;
  const reason = `${ep.consecutiveFailures} deliveries in a row failed for the whole retry window (last: ${lastError ?? "no answer"})`.slice(0, 500);
  const { count } = await tx.webhookEndpoint.updateMany({ where: { id: d.endpointId, enabled: true }, data: { enabled: false, disabledAt: at, disabledReason: reason } });
  if (!count) return;
  await writeAudit(tx, { actor: SYSTEM_ACTOR, action: "webhook.auto_disable", targetType: "webhook", targetId: d.endpointId, after: { enabled: false, reason } });
  webhookMetrics().disabled.inc();
  log.warn("webhook endpoint disabled after repeated failures", { endpointId: d.endpointId, name: d.endpoint.name, reason });
}
