import type { PrismaClient } from "@/lib/generated/prisma/client.ts";

// Claiming is a conditional update of the lease: two deliverers may pick the same candidates, but the
// UPDATE's WHERE is re-checked on the locked row, so only one moves the lease and gets to send. A lease
// left by a crashed process expires and the row is claimable again (at-least-once, never lost).

export const WITH_EVENT_AND_ENDPOINT = { event: true, endpoint: true } as const;

export async function claimDeliveries(db: PrismaClient, input: { token: string; max: number; now: Date; leaseMs: number }) {
  const { token, max, now } = input;
  const due = { state: "pending", nextAttemptAt: { lte: now }, OR: [{ leaseUntil: null }, { leaseUntil: { lt: now } }] };
  const candidates = await db.webhookDelivery.findMany({
    where: { ...due, endpoint: { enabled: true } },
    orderBy: { nextAttemptAt: "asc" },
    take: max,
    select: { id: true },
  });
  if (!candidates.length) return [];
  const ids = candidates.map((c) => c.id);
  const { count } = await db.webhookDelivery.updateMany({
    where: { id: { in: ids }, ...due },
    data: { leaseUntil: new Date(now.getTime() + input.leaseMs), leaseOwner: token },
  });
  if (!count) return [];
  return db.webhookDelivery.findMany({ where: { id: { in: ids }, leaseOwner: token }, include: WITH_EVENT_AND_ENDPOINT });
}

export type TClaimedDelivery = Awaited<ReturnType<typeof claimDeliveries>>[number];

/** Gives back leases this deliverer holds but has not used (on stop), so another can send them at once. */
export async function releaseLeases(db: PrismaClient, owner: string): Promise<void> {
  await db.webhookDelivery.updateMany({ where: { leaseOwner: { startsWith: `${owner}/` }, state: "pending" }, data: { leaseUntil: null, leaseOwner: null } });
}
