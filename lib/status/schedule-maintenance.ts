import { writeAudit } from "@/lib/audit/write-audit";
import { requirePermission } from "@/lib/auth/require";
import type { TCtx } from "@/lib/context";
import { nowOf } from "@/lib/context";
import { fromZodError, ValidationError } from "@/lib/errors";
import { statusChanged } from "./changes";
import { assertComponentsExist, getNoticeOrThrow, toNoticeView } from "./internal";
import { recomputeComponentLevels } from "./recompute-levels";
import { ZScheduleMaintenanceInput, type TScheduleMaintenanceInput } from "./schemas";

/**
 * Planned work on components from scheduledFor to scheduledUntil. Scheduling is a person's act, so it is
 * published at once unless `publish: false`; the maintenance timer then moves it in_progress and completed.
 */
export async function scheduleMaintenance({ ctx, input }: { ctx: TCtx; input: TScheduleMaintenanceInput }) {
  requirePermission(ctx.actor, "operate");
  const parsed = ZScheduleMaintenanceInput.safeParse(input);
  if (!parsed.success) throw fromZodError(parsed.error, "The maintenance");
  const { componentIds, message, publish, scheduledFor, scheduledUntil, ...fields } = parsed.data;
  const now = nowOf(ctx);
  if (scheduledUntil <= now.getTime()) throw new ValidationError("The maintenance would already be over", [{ path: "scheduledUntil", message: "must be in the future" }]);
  const actorId = ctx.actor.type === "user" ? ctx.actor.id : null;
  const view = await ctx.db.$transaction(async (tx) => {
    await assertComponentsExist(tx, componentIds);
    const row = await tx.notice.create({
      data: {
        ...fields,
        kind: "maintenance",
        state: publish ? "published" : "draft",
        status: "scheduled",
        scheduledFor: new Date(scheduledFor),
        scheduledUntil: new Date(scheduledUntil),
        startedAt: new Date(scheduledFor),
        publishedAt: publish ? now : null,
        createdById: actorId,
        createdAt: now,
        updatedAt: now,
        components: { create: [...new Set(componentIds)].map((componentId) => ({ componentId, level: "under_maintenance" })) },
        updates: { create: { status: "scheduled", body: message, createdById: actorId, createdAt: now } },
      },
    });
    if (publish) await recomputeComponentLevels(tx, now);
    await writeAudit(tx, { actor: ctx.actor, action: "notice.schedule_maintenance", targetType: "notice", targetId: row.id, after: { title: fields.title, scheduledFor, scheduledUntil, publish }, requestId: ctx.requestId });
    return toNoticeView(await getNoticeOrThrow(tx, row.id));
  });
  if (publish) statusChanged();
  return view;
}
