import { writeAudit } from "@/lib/audit/write-audit";
import { requirePermission } from "@/lib/auth/require";
import type { TCtx } from "@/lib/context";
import { nowOf } from "@/lib/context";
import { ConflictError, fromZodError } from "@/lib/errors";
import { statusChanged } from "./changes";
import { toComponentView } from "./internal";
import { ZCreateComponentInput, type TCreateComponentInput } from "./schemas";

/** A component stakeholders see ("Orders API"), mapped to the targets whose alerts concern it. */
export async function createComponent({ ctx, input }: { ctx: TCtx; input: TCreateComponentInput }) {
  requirePermission(ctx.actor, "admin");
  const parsed = ZCreateComponentInput.safeParse(input);
  if (!parsed.success) throw fromZodError(parsed.error, "The component");
  const { targets, ...fields } = parsed.data;
  const now = nowOf(ctx);
  const created = await ctx.db.$transaction(async (tx) => {
    if (await tx.statusComponent.findUnique({ where: { name: fields.name } })) throw new ConflictError(`A component named "${fields.name}" already exists`);
    const row = await tx.statusComponent.create({ data: { ...fields, targets: targets, createdAt: now, updatedAt: now } });
    const view = toComponentView(row);
    await writeAudit(tx, { actor: ctx.actor, action: "status_component.create", targetType: "status_component", targetId: row.id, after: view, requestId: ctx.requestId });
    return view;
  });
  statusChanged(); // the public page lists every component
  return created;
}
