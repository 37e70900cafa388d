import type { TAlert } from "@/lib/detection/engine/types";
import type { PrismaClient } from "@/lib/generated/prisma/client.ts";
import { fromRow } from "./internal";

/** Alerts resolved at or after `since` (ms), newest last: the engine's flap memory after a restart. */
export async function loadRecentlyResolved(db: PrismaClient, since: number): Promise<TAlert[]> {
  const rows = await db.alert.findMany({
    where: { state: "resolved", resolvedAt: { gte: BigInt(Math.floor(since)) }, ruleId: { not: null } },
    orderBy: { resolvedAt: "asc" },
  });
  return rows.map((row) => ({ ...fromRow(row), ruleId: row.ruleId! }));
}
