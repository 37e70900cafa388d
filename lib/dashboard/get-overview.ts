import { requirePermission } from "@/lib/auth/require";
import type { TCtx } from "@/lib/context";
import { nowOf } from "@/lib/context";
import type { TSqlRunner } from "@/lib/db/sql-runner";
import type { WindowStore } from "@/lib/telemetry/window-store";
import { clusterHealth, type TClusterHealth } from "./cluster-health";
import { openAlertCounts } from "./open-alerts";

/** The overview: every cluster in the live window with its health, the most urgent first. */
export async function getClusterHealth({ ctx, store, sql }: { ctx: TCtx; store: WindowStore; sql: TSqlRunner }): Promise<TClusterHealth[]> {
  requirePermission(ctx.actor, "read");
  const open = await openAlertCounts(sql);
  return clusterHealth(store, open, nowOf(ctx).getTime());
}
