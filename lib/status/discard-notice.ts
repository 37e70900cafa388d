import { writeAudit } from "@/lib/audit/write-audit";
import { requirePermission } from "@/lib/auth/require";
import type { TCtx } from "@/lib/context";
import { nowOf } from "@/lib/context";
import { ConflictError } from "@/lib/errors";
import { getNoticeOrThrow, toNoticeView } from "./internal";

/** Drops a draft that should not be published; it is kept (discarded) for the record. */
export async function discardNotice({ ctx, input }: { ctx: TCtx; input: { id: string; reason?: string } }) {
  requirePermission(ctx.actor, "operate");
  const now = nowOf(ctx);
  return ctx.db.$transaction(async (tx) => {
    const before = await getNoticeOrThrow(tx, input.id);
    const { count } = await tx.notice.updateMany({ where: { id: input.id, state: "draft" }, data: { state: "discarded", version: { increment: 1 }, updatedAt: now } });
    if (count === 0) throw new ConflictError(`Only a draft can be discarded (this notice is ${before.state})`);
    await writeAudit(tx, { actor: ctx.actor, action: "notice.discard", targetType: "notice", targetId: input.id, after: { reason: input.reason ?? null }, requestId: ctx.requestId });
    return toNoticeView(await getNoticeOrThrow(tx, input.id));
  });
}
