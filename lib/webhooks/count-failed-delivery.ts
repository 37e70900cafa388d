import { writeAudit } from "@/lib/audit/write-audit";
import { SYSTEM_ACTOR } from "@/lib/auth/actor";
import type { PrismaClient } from "@/lib/generated/prisma/client.ts";
import { log } from "@/lib/log";
import type { TClaimedDelivery } from "./claim-deliveries";
import { webhookMetrics } from "./metrics";

/** One more delivery failed for its whole window; at `disableAfter` in a row the endpoint is disabled (audited). */
export async function countFailedDelivery(db: PrismaClient, d: TClaimedDelivery, at: Date, disableAfter: number, lastError: string | null): Promise<void> {
  await db.$transaction((tx) => countFailure(tx as unknown as PrismaClient, d, at, disableAfter, lastError));
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
