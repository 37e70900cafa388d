import { writeAudit } from "@/lib/audit/write-audit";
import { requirePermission } from "@/lib/auth/require";
import type { TCtx } from "@/lib/context";
import { nowOf } from "@/lib/context";
import { ConflictError } from "@/lib/errors";
import { getSilenceOrThrow, resolveSilence, toSilenceView, WITH_CREATOR } from "./internal";
import type { TUpdateSilenceInput } from "./schemas";

/** Replaces a silence that has not expired (an expired one stays as history: create a new one). */
export async function updateSilence({ ctx, input }: { ctx: TCtx; input: { id: string } & TUpdateSilenceInput }) {
  requirePermission(ctx.actor, "operate");
  const { id, ...fields } = input;
  const now = nowOf(ctx);
  const data = resolveSilence(fields, now.getTime());
  return ctx.db.$transaction(async (tx) => {
    const before = toSilenceView(await getSilenceOrThrow(tx, id), now.getTime());
    const { count } = await tx.silence.updateMany({ where: { id, endsAt: { gt: now } }, data: { ...data, updatedAt: now } });
    if (count === 0) throw new ConflictError("This silence has expired and is kept as history; create a new silence instead");
    const row = await tx.silence.findUniqueOrThrow({ where: { id }, include: WITH_CREATOR });
    const after = toSilenceView(row, now.getTime());
    await writeAudit(tx, {
      actor: ctx.actor,
      action: "silence.update",
      targetType: "silence",
      targetId: id,
      before: { matchers: before.matchers, startsAt: before.startsAt, endsAt: before.endsAt, comment: before.comment },
      after: { matchers: after.matchers, startsAt: after.startsAt, endsAt: after.endsAt, comment: after.comment },
      requestId: ctx.requestId,
    });
    return after;
  });
}
