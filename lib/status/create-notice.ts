import { writeAudit } from "@/lib/audit/write-audit";
import { requirePermission } from "@/lib/auth/require";
import type { TCtx } from "@/lib/context";
import { nowOf } from "@/lib/context";
import { fromZodError } from "@/lib/errors";
import { assertComponentsExist, getNoticeOrThrow, toNoticeView } from "./internal";
import { initialStatus } from "./notice-state";
import { ZCreateNoticeInput, type TCreateNoticeInput } from "./schemas";

/** A draft incident or SLA-downgrade notice: nothing public until a person publishes it. */
export async function createNotice({ ctx, input }: { ctx: TCtx; input: TCreateNoticeInput }) {
  requirePermission(ctx.actor, "operate");
  const parsed = ZCreateNoticeInput.safeParse(input);
  if (!parsed.success) throw fromZodError(parsed.error, "The notice");
  const { components, message, ...fields } = parsed.data;
  const now = nowOf(ctx);
  const actorId = ctx.actor.type === "user" ? ctx.actor.id : null;
  return ctx.db.$transaction(async (tx) => {
    await assertComponentsExist(tx, components.map((c) => c.componentId));
    const status = initialStatus(fields.kind);
    const row = await tx.notice.create({
      data: {
        ...fields,
        state: "draft",
        status,
        startedAt: now,
        createdById: actorId,
        createdAt: now,
        updatedAt: now,
        components: { create: components.map((c) => ({ componentId: c.componentId, level: c.level })) },
        ...(message ? { updates: { create: { status, body: message, createdById: actorId, createdAt: now } } } : {}),
      },
    });
    const view = toNoticeView(await getNoticeOrThrow(tx, row.id));
    await writeAudit(tx, { actor: ctx.actor, action: "notice.create", targetType: "notice", targetId: row.id, after: { kind: view.kind, title: view.title }, requestId: ctx.requestId });
    return view;
  });
}
