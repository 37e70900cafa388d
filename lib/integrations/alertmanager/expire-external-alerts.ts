import type { PrismaClient } from "@/lib/generated/prisma/client.ts";

/**
 * Alertmanager alerts still firing past the endsAt their sender gave them have ended without a
 * resolved notification (the sender went away): they are resolved at that time. Returns how many.
 */
export async function expireExternalAlerts(db: PrismaClient, now: number): Promise<number> {
  const stale = await db.alert.findMany({
    where: { source: "alertmanager", state: "firing", endsAt: { lt: BigInt(now) } },
    select: { id: true, endsAt: true },
  });
  let count = 0;
  for (const a of stale) {
    const done = await db.alert.updateMany({ where: { id: a.id, state: "firing" }, data: { state: "resolved", resolvedAt: a.endsAt, lastEvalAt: BigInt(now) } });
    count += done.count;
  }
  return count;
}
