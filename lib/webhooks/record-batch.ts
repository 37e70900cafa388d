import { randomUUID } from "node:crypto";
import type { PrismaClient } from "@/lib/generated/prisma/client.ts";
import { log } from "@/lib/log";
import { nextAttemptAt, type TBackoff } from "./backoff";
import type { TClaimedDelivery } from "./claim-deliveries";
import { webhookMetrics } from "./metrics";
import { countFailedDelivery } from "./count-failed-delivery";
import type { TSendResult } from "./send-delivery";

// Group commit: the attempts that finished while the previous batch was being written are logged and
// their deliveries moved on in one statement (each row still conditional on its own lease), so the
// bookkeeping costs one round trip per batch instead of three per attempt.

export type TFinished = { d: TClaimedDelivery; token: string; result: TSendResult; at: Date };
export type TBatchOptions = { backoff: TBackoff; disableAfter: number; random?: () => number };

const SQL = `
WITH v AS (
  SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(id text, aid text, token text, state text, at text, status int, latency int, error text, excerpt text, retry text)
), ins AS (
  INSERT INTO webhook_attempts (id, delivery_id, at, status, latency_ms, error, response_excerpt, retry_at)
  SELECT v.aid, v.id, (v.at::timestamptz AT TIME ZONE 'UTC'), v.status, v.latency, v.error, v.excerpt, (v.retry::timestamptz AT TIME ZONE 'UTC')
  FROM v JOIN webhook_deliveries e ON e.id = v.id -- an endpoint deleted meanwhile took its deliveries along
)
UPDATE webhook_deliveries d SET
  state = v.state, attempts = d.attempts + 1, last_attempt_at = (v.at::timestamptz AT TIME ZONE 'UTC'), last_status = v.status, last_error = v.error,
  lease_until = NULL, lease_owner = NULL,
  delivered_at = CASE WHEN v.state = 'delivered' THEN (v.at::timestamptz AT TIME ZONE 'UTC') ELSE d.delivered_at END,
  next_attempt_at = COALESCE((v.retry::timestamptz AT TIME ZONE 'UTC'), d.next_attempt_at)
FROM v WHERE d.id = v.id AND d.lease_owner = v.token AND d.state = 'pending'
RETURNING d.id`;

/** Records a batch of finished attempts; returns each delivery's retry time (ms) or null when not retried. */
export async function recordBatch(db: PrismaClient, batch: TFinished[], opts: TBatchOptions): Promise<Map<string, number | null>> {
  const rows = batch.map(({ d, token, result: r, at }) => {
    const retry = r.ok ? null : nextAttemptAt({ attempts: d.attempts + 1, createdAt: d.createdAt.getTime(), now: at.getTime() }, opts.backoff, opts.random);
    const state = r.ok ? "delivered" : retry === null ? "failed" : "pending";
    const rec = { id: d.id, aid: randomUUID(), token, state, at: at.toISOString(), status: r.status, latency: r.latencyMs, error: r.error, excerpt: r.excerpt };
    return { ...rec, retry: retry === null ? null : new Date(retry).toISOString() };
  });
  const updated = new Set((await db.$queryRawUnsafe<{ id: string }[]>(SQL, JSON.stringify(rows))).map((r) => r.id));
  const m = webhookMetrics();
  const out = new Map<string, number | null>();
  const succeeded = new Set<string>();
  for (const [i, row] of rows.entries()) {
    const { d, result } = batch[i]!;
    const outcome = !updated.has(row.id) ? "lost_lease" : row.state === "delivered" ? "delivered" : row.state === "failed" ? "failed" : "retry";
    m.attempts.inc({ outcome });
    m.latency.observe(result.latencyMs / 1000);
    if (outcome === "delivered" || outcome === "failed") m.deliveries.inc({ outcome });
    if (outcome === "delivered") succeeded.add(d.endpointId);
    if (outcome === "failed") {
      await countFailedDelivery(db, d, new Date(row.at), opts.disableAfter, result.error).catch((err: unknown) => log.warn("could not count a failed webhook delivery", { endpointId: d.endpointId, err }));
    }
    out.set(row.id, outcome === "retry" && row.retry ? Date.parse(row.retry) : null);
  }
  if (succeeded.size) await db.webhookEndpoint.updateMany({ where: { id: { in: [...succeeded] }, consecutiveFailures: { gt: 0 } }, data: { consecutiveFailures: 0 } });
  return out;
}
