import type { PrismaClient } from "@/lib/generated/prisma/client.ts";

// Claiming is a conditional update of the lease: two deliverers may pick the same candidates, but the
// UPDATE's WHERE is re-checked on the locked row, so only one moves the lease and gets to send. A lease
// left by a crashed process expires and the row is claimable again (at-least-once, never lost).

export const WITH_EVENT_AND_ENDPOINT = { event: true, endpoint: true } as const;

// SKIP LOCKED lets concurrent claimers take different rows instead of queueing on the same ones.
// Among due deliveries the oldest event goes first: a retry that has come due is not queued behind a
// backlog of newer events' first attempts (after an outage the receiver gets the old events promptly,
// and in about the order they happened).
const CLAIM = `
UPDATE webhook_deliveries SET lease_until = ($1::timestamptz AT TIME ZONE 'UTC'), lease_owner = $2
WHERE id IN (
  SELECT d.id FROM webhook_deliveries d JOIN webhook_endpoints e ON e.id = d.endpoint_id
  WHERE d.state = 'pending' AND d.next_attempt_at <= ($3::timestamptz AT TIME ZONE 'UTC')
    AND (d.lease_until IS NULL OR d.lease_until < ($3::timestamptz AT TIME ZONE 'UTC')) AND e.enabled
  ORDER BY d.created_at, d.id LIMIT $4 FOR UPDATE OF d SKIP LOCKED
) AND state = 'pending' AND (lease_until IS NULL OR lease_until < ($3::timestamptz AT TIME ZONE 'UTC'))
RETURNING id`;

export async function claimDeliveries(db: PrismaClient, input: { token: string; max: number; now: Date; leaseMs: number }) {
  const { token, max, now } = input;
  const until = new Date(now.getTime() + input.leaseMs).toISOString();
  const claimed = await db.$queryRawUnsafe<{ id: string }[]>(CLAIM, until, token, now.toISOString(), max);
  if (!claimed.length) return [];
  return db.webhookDelivery.findMany({ where: { id: { in: claimed.map((c) => c.id) }, leaseOwner: token }, include: WITH_EVENT_AND_ENDPOINT });
}

export type TClaimedDelivery = Awaited<ReturnType<typeof claimDeliveries>>[number];

/** Gives back leases this deliverer holds but has not used (on stop), so another can send them at once. */
export async function releaseLeases(db: PrismaClient, owner: string): Promise<void> {
  await db.webhookDelivery.updateMany({ where: { leaseOwner: { startsWith: `${owner}/` }, state: "pending" }, data: { leaseUntil: null, leaseOwner: null } });
}
