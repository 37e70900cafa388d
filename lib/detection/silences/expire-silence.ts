import { writeAudit } from "@/lib/audit/write-audit";
import { requirePermission } from "@/lib/auth/require";
import type { TCtx } from "@/lib/context";
import { nowOf } from "@/lib/context";
import { ConflictError } from "@/lib/errors";
import { getSilenceOrThrow, toSilenceView, WITH_CREATOR } from "./internal";

/** Ends a silence now (DELETE); it stays listed as expired. A scheduled one ends before it starts. */
export async function expireSilence({ ctx, input }: { ctx: TCtx; input: { id: string } }) {
  requirePermission(ctx.actor, "operate");
  const now = nowOf(ctx);
  return ctx.db.$transaction(async (tx) => {
    const before = await getSilenceOrThrow(tx, input.id);
    const running = await tx.silence.updateMany({
      where: { id: input.id, startsAt: { lte: now }, endsAt: { gt: now } },
      data: { endsAt: now, updatedAt: now },
    });
    const scheduled = running.count
      ? running
      : await tx.silence.updateMany({ where: { id: input.id, startsAt: { gt: now } }, data: { startsAt: now, endsAt: now, updatedAt: now } });
    if (scheduled.count === 0) throw new ConflictError("This silence has already expired");
    const row = await tx.silence.findUniqueOrThrow({ where: { id: input.id }, include: WITH_CREATOR });
    await writeAudit(tx, {
      actor: ctx.actor,
      action: "silence.expire",
      targetType: "silence",
      targetId: input.id,
      before: { startsAt: before.startsAt.getTime(), endsAt: before.endsAt.getTime() },
      after: { startsAt: row.startsAt.getTime(), endsAt: row.endsAt.getTime() },
      requestId: ctx.requestId,
    });
    return toSilenceView(row, now.getTime());
  });
}
