import { requirePermission } from "@/lib/auth/require";
import type { TCtx } from "@/lib/context";
import { nowOf } from "@/lib/context";
import { isSilenced } from "@/lib/detection/silences/match";
import { loadActiveSilences } from "@/lib/detection/silences/load-active-silences";
import { fromRow, rowExtras, toAlertView } from "./internal";
import { ZListAlertsInput, type TAlertView, type TListAlertsInput } from "./schemas";

/** Newest onset first, filtered by state, cluster and onset time; `silenced` is judged at `now`. */
export async function listAlerts({ ctx, input = {} }: { ctx: TCtx; input?: TListAlertsInput }): Promise<TAlertView[]> {
  requirePermission(ctx.actor, "read");
  const { state, cluster, source, since, limit } = ZListAlertsInput.parse(input);
  const now = nowOf(ctx).getTime();
  const rows = await ctx.db.alert.findMany({
    where: {
      ...(state?.length ? { state: { in: state } } : {}),
      ...(cluster !== undefined ? { cluster } : {}),
      ...(source !== undefined ? { source } : {}),
      ...(since !== undefined ? { activeAt: { gte: BigInt(since) } } : {}),
    },
    orderBy: [{ activeAt: "desc" }, { id: "desc" }],
    take: limit,
  });
  const silences = rows.length ? await loadActiveSilences(ctx.db, now) : [];
  return rows.map((row) => {
    const alert = fromRow(row);
    return toAlertView(alert, { ...rowExtras(row), silenced: isSilenced(silences, alert, now) });
  });
}
