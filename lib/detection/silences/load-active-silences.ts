import type { PrismaClient } from "@/lib/generated/prisma/client.ts";
import type { TSilenceSpec } from "./match";
import { toSpec } from "./internal";

/** Silences in force at `now` (ms), for isSilenced (the alert list, the notifier). */
export async function loadActiveSilences(db: Pick<PrismaClient, "silence">, now: number): Promise<TSilenceSpec[]> {
  const at = new Date(now);
  const rows = await db.silence.findMany({ where: { startsAt: { lte: at }, endsAt: { gt: at } } });
  return rows.map(toSpec);
}
