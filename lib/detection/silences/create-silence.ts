import { writeAudit } from "@/lib/audit/write-audit";
import { requirePermission } from "@/lib/auth/require";
import type { TCtx } from "@/lib/context";
import { nowOf } from "@/lib/context";
import { resolveSilence, toSilenceView, WITH_CREATOR } from "./internal";
import type { TCreateSilenceInput } from "./schemas";

/** Silences matching alerts from `startsAt` (default now) until `endsAt` or for `duration`. */
export async function createSilence({ ctx, input }: { ctx: TCtx; input: TCreateSilenceInput }) {
  requirePermission(ctx.actor, "operate");
  const now = nowOf(ctx);
  const data = resolveSilence(input, now.getTime());
  return ctx.db.$transaction(async (tx) => {
    const row = await tx.silence.create({
      data: { ...data, createdById: ctx.actor.type === "user" ? ctx.actor.id : null, createdAt: now, updatedAt: now },
      include: WITH_CREATOR,
    });
    const view = toSilenceView(row, now.getTime());
    await writeAudit(tx, {
      actor: ctx.actor,
      action: "silence.create",
      targetType: "silence",
      targetId: row.id,
      after: { matchers: view.matchers, startsAt: view.startsAt, endsAt: view.endsAt, comment: view.comment },
      requestId: ctx.requestId,
    });
    return view;
  });
}
