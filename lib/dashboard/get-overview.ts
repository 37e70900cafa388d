import { requirePermission } from "@/lib/auth/require";
import type { TCtx } from "@/lib/context";
import { nowOf } from "@/lib/context";
import { listAlerts } from "@/lib/detection/alerts";
import type { WindowStore } from "@/lib/telemetry/window-store";
import { clusterHealth, type TClusterHealth } from "./cluster-health";

/** The overview: every cluster in the live window with its health, the most urgent first. */
export async function getClusterHealth({ ctx, store }: { ctx: TCtx; store: WindowStore }): Promise<TClusterHealth[]> {
  requirePermission(ctx.actor, "read");
  const open = await listAlerts({ ctx, input: { state: ["pending", "firing"], limit: 1000 } });
  const alerts = open.map((a) => ({ cluster: a.labels.cluster, state: a.state, severity: a.severity }));
  return clusterHealth(store, alerts, nowOf(ctx).getTime());
}
