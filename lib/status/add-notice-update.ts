import { writeAudit } from "@/lib/audit/write-audit";
import { requirePermission } from "@/lib/auth/require";
import type { TCtx } from "@/lib/context";
import { nowOf } from "@/lib/context";
import { ConflictError, fromZodError } from "@/lib/errors";
import { statusChanged } from "./changes";
import { getNoticeOrThrow, toNoticeView, toPublicNotice, type TNoticeEmit } from "./internal";
import { assertStatusMove, isFinalStatus } from "./notice-state";
import { recomputeComponentLevels } from "./recompute-levels";
import { ZAddNoticeUpdateInput, type TAddNoticeUpdateInput } from "./schemas";

/** Posts the next entry of a published notice's timeline; resolved (or completed) ends it. */
export async function addNoticeUpdate({ ctx, input, emit }: { ctx: TCtx; input: { id: string } & TAddNoticeUpdateInput; emit?: TNoticeEmit }) {
  requirePermission(ctx.actor, "operate");
  const { id, ...rest } = input;
  const parsed = ZAddNoticeUpdateInput.safeParse(rest);
  if (!parsed.success) throw fromZodError(parsed.error, "The update");
  const { status, body } = parsed.data;
  const now = nowOf(ctx);
  const view = await ctx.db.$transaction(async (tx) => {
    const before = await getNoticeOrThrow(tx, id);
    if (before.state !== "published") throw new ConflictError(`Only a published notice takes updates (this one is ${before.state}); publish it first`);
    assertStatusMove(before.kind, before.status, status);
    const final = isFinalStatus(status);
    const { count } = await tx.notice.updateMany({
      where: { id, state: "published", status: before.status, version: before.version },
      data: { status, version: { increment: 1 }, updatedAt: now, ...(final ? { resolvedAt: now } : {}) },
    });
    if (count === 0) throw new ConflictError("Someone else posted an update meanwhile; reload the timeline and post again");
    await tx.noticeUpdate.create({ data: { noticeId: id, status, body, createdById: ctx.actor.type === "user" ? ctx.actor.id : null, createdAt: now } });
    const levels = await recomputeComponentLevels(tx, now);
    const row = await getNoticeOrThrow(tx, id);
    if (emit) await emit(tx, { type: "notice.updated", payload: toPublicNotice(row) });
    await writeAudit(tx, { actor: ctx.actor, action: "notice.add_update", targetType: "notice", targetId: id, before: { status: before.status }, after: { status, body, levels }, requestId: ctx.requestId });
    return toNoticeView(row);
  });
  statusChanged();
  return view;
}
