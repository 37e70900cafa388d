import type { TRuntime } from "@/lib/runtime";
import { checkHealth, type THealth } from "./check-health";

export type TSystemOverview = { health: THealth; database: string; users: number; activeTokens: number };

/** What the overview shows before any telemetry arrives: is the install itself healthy. */
export async function getSystemOverview(rt: TRuntime): Promise<TSystemOverview> {
  const [health, users, activeTokens] = await Promise.all([
    checkHealth(rt),
    rt.db.prisma.user.count(),
    rt.db.prisma.apiToken.count({ where: { revokedAt: null } }),
  ]);
  return { health, database: rt.db.where, users, activeTokens };
}
