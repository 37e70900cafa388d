import { writeAudit } from "@/lib/audit/write-audit";
import { requirePermission } from "@/lib/auth/require";
import type { TCtx } from "@/lib/context";
import { nowOf } from "@/lib/context";
import { fromZodError } from "@/lib/errors";
import { statusChanged } from "./changes";
import { getNoticeOrThrow, toNoticeView, toPublicNotice, type TNoticeEmit } from "./internal";
import { applyNoticeEdits } from "./notice-edits";
import { recomputeComponentLevels } from "./recompute-levels";
import { ZUpdateNoticeInput, type TUpdateNoticeInput } from "./schemas";

/** Edits a draft, or a published notice's fields (title, components, SLO figures), at the loaded version. */
export async function updateNotice({ ctx, input, emit }: { ctx: TCtx; input: { id: string } & TUpdateNoticeInput; emit?: TNoticeEmit }) {
  requirePermission(ctx.actor, "operate");
  const { id, ...rest } = input;
  const parsed = ZUpdateNoticeInput.safeParse(rest);
  if (!parsed.success) throw fromZodError(parsed.error, "The notice");
  const { version, ...edits } = parsed.data;
  const now = nowOf(ctx);
  const { view, published } = await ctx.db.$transaction(async (tx) => {
    const before = toNoticeView(await getNoticeOrThrow(tx, id));
    await applyNoticeEdits(tx, before, edits, { version, now, actorId: ctx.actor.type === "user" ? ctx.actor.id : null });
    const published = before.state === "published";
    if (published) await recomputeComponentLevels(tx, now);
    const row = await getNoticeOrThrow(tx, id);
    const after = toNoticeView(row);
    if (published && emit) await emit(tx, { type: "notice.updated", payload: toPublicNotice(row) });
    await writeAudit(tx, { actor: ctx.actor, action: "notice.update", targetType: "notice", targetId: id, before, after, requestId: ctx.requestId });
    return { view: after, published };
  });
  if (published) statusChanged();
  return view;
}
