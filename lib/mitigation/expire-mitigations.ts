import { SYSTEM_ACTOR } from "@/lib/auth/actor";
import type { TCtx } from "@/lib/context";
import { nowOf } from "@/lib/context";
import { ConflictError } from "@/lib/errors";
import { applyTransition } from "./internal";

/** Expires proposals (and approved ones that never started) past their time; returns their ids. */
export async function expireMitigations({ ctx }: { ctx: Pick<TCtx, "db" | "now"> }): Promise<string[]> {
  const at = nowOf({ ...ctx, actor: SYSTEM_ACTOR });
  const due = await ctx.db.mitigation.findMany({ where: { state: { in: ["proposed", "approved"] }, expiresAt: { lte: at } }, select: { id: true } });
  const expired: string[] = [];
  for (const { id } of due) {
    try {
      await ctx.db.$transaction((tx) => applyTransition(tx, { id, event: "expire", actor: SYSTEM_ACTOR, at, audit: { reason: "no decision in time" } }));
      expired.push(id);
    } catch (err) {
      if (!(err instanceof ConflictError)) throw err; // approved and started meanwhile: not expired
    }
  }
  return expired;
}
