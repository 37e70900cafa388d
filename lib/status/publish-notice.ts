import { writeAudit } from "@/lib/audit/write-audit";
import { requirePermission } from "@/lib/auth/require";
import type { TCtx } from "@/lib/context";
import { nowOf } from "@/lib/context";
import { ConflictError, fromZodError, ValidationError } from "@/lib/errors";
import { statusChanged } from "./changes";
import { getNoticeOrThrow, toNoticeView, toPublicNotice, type TNoticeEmit } from "./internal";
import { applyNoticeEdits, hasEdits } from "./notice-edits";
import { recomputeComponentLevels } from "./recompute-levels";
import { ZPublishNoticeInput, type TPublishNoticeInput } from "./schemas";

/**
 * A person publishes a draft, with the editor's last changes in the same step: the draft's message
 * becomes the first entry of the timeline, components take their levels, and the public page moves.
 */
export async function publishNotice({ ctx, input, emit }: { ctx: TCtx; input: { id: string } & TPublishNoticeInput; emit?: TNoticeEmit }) {
  requirePermission(ctx.actor, "operate");
  const { id, ...rest } = input;
  const parsed = ZPublishNoticeInput.safeParse(rest);
  if (!parsed.success) throw fromZodError(parsed.error, "The notice");
  const { version, ...edits } = parsed.data;
  const now = nowOf(ctx);
  const actorId = ctx.actor.type === "user" ? ctx.actor.id : null;
  const view = await ctx.db.$transaction(async (tx) => {
    const before = await getNoticeOrThrow(tx, id);
    if (before.state !== "draft") throw new ConflictError(`This notice is already ${before.state}`);
    if (version !== undefined && version !== before.version) throw new ConflictError(`This notice changed since you loaded it (version ${version}, now ${before.version}); reload it`);
    if (hasEdits(edits)) await applyNoticeEdits(tx, before, edits, { version: before.version, now, actorId });
    const draft = await getNoticeOrThrow(tx, id);
    const message = draft.updates.at(-1)?.body;
    if (!message) throw new ValidationError("Write the first message stakeholders will read before publishing", [{ path: "message", message: "required to publish" }]);
    if (!draft.components.length) throw new ValidationError("Choose at least one affected component before publishing", [{ path: "components", message: "at least one" }]);
    const { count } = await tx.notice.updateMany({
      where: { id, state: "draft", version: draft.version },
      data: { state: "published", publishedAt: now, version: { increment: 1 }, updatedAt: now },
    });
    if (count === 0) throw new ConflictError("This notice changed while it was being published; reload it");
    await tx.noticeUpdate.deleteMany({ where: { noticeId: id } });
    await tx.noticeUpdate.create({ data: { noticeId: id, status: draft.status, body: message, createdById: actorId, createdAt: now } });
    const levels = await recomputeComponentLevels(tx, now);
    const row = await getNoticeOrThrow(tx, id);
    if (emit) await emit(tx, { type: "notice.published", payload: toPublicNotice(row) });
    await writeAudit(tx, { actor: ctx.actor, action: "notice.publish", targetType: "notice", targetId: id, after: { title: row.title, status: row.status, levels }, requestId: ctx.requestId });
    return toNoticeView(row);
  });
  statusChanged();
  return view;
}
