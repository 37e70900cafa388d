import { requirePermission } from "@/lib/auth/require";
import type { TCtx } from "@/lib/context";
import { nowOf } from "@/lib/context";
import { toSilenceView, WITH_CREATOR } from "./internal";
import { ZListSilencesInput, type TListSilencesInput } from "./schemas";

/** `active` (default): not yet ended, including scheduled ones; `expired`; or `all`. Latest end first. */
export async function listSilences({ ctx, input = {} }: { ctx: TCtx; input?: TListSilencesInput }) {
  requirePermission(ctx.actor, "read");
  const { state } = ZListSilencesInput.parse(input);
  const now = nowOf(ctx);
  const where = state === "active" ? { endsAt: { gt: now } } : state === "expired" ? { endsAt: { lte: now } } : {};
  const rows = await ctx.db.silence.findMany({ where, orderBy: [{ endsAt: "desc" }, { id: "desc" }], include: WITH_CREATOR, take: 1000 });
  return rows.map((r) => toSilenceView(r, now.getTime()));
}
