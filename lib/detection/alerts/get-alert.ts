import { requirePermission } from "@/lib/auth/require";
import type { TCtx } from "@/lib/context";
import { nowOf } from "@/lib/context";
import { isSilenced } from "@/lib/detection/silences/match";
import { loadActiveSilences } from "@/lib/detection/silences/load-active-silences";
import { fromRow, getAlertRowOrThrow, rowExtras, toAlertView } from "./internal";

export async function getAlert({ ctx, input }: { ctx: TCtx; input: { id: string } }) {
  requirePermission(ctx.actor, "read");
  const row = await getAlertRowOrThrow(ctx.db, input.id);
  const now = nowOf(ctx).getTime();
  const alert = fromRow(row);
  return toAlertView(alert, { ...rowExtras(row), silenced: isSilenced(await loadActiveSilences(ctx.db, now), alert, now) });
}
