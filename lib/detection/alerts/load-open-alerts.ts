import type { TAlert } from "@/lib/detection/engine/types";
import type { PrismaClient } from "@/lib/generated/prisma/client.ts";
import { fromRow } from "./internal";

/**
 * Pending and firing alerts, for the engine to resume after a restart. Alerts whose rule was deleted
 * are left out: no rule will evaluate them again.
 */
export async function loadOpenAlerts(db: PrismaClient): Promise<TAlert[]> {
  const rows = await db.alert.findMany({ where: { state: { in: ["pending", "firing"] }, ruleId: { not: null } }, orderBy: { activeAt: "asc" } });
  return rows.map((row) => ({ ...fromRow(row), ruleId: row.ruleId! }));
}
