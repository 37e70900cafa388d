import { writeAudit } from "@/lib/audit/write-audit";
import { requirePermission } from "@/lib/auth/require";
import type { TCtx } from "@/lib/context";
import { nowOf } from "@/lib/context";
import { ConflictError, fromZodError } from "@/lib/errors";
import type { Prisma } from "@/lib/generated/prisma/client.ts";
import { statusChanged } from "./changes";
import { getComponentOrThrow, toComponentView } from "./internal";
import { ZUpdateComponentInput, type TUpdateComponentInput } from "./schemas";

/** Renames, reorders or remaps a component; its level stays driven by notices. */
export async function updateComponent({ ctx, input }: { ctx: TCtx; input: { id: string } & TUpdateComponentInput }) {
  requirePermission(ctx.actor, "admin");
  const { id, ...rest } = input;
  const parsed = ZUpdateComponentInput.safeParse(rest);
  if (!parsed.success) throw fromZodError(parsed.error, "The component");
  const { targets, ...fields } = parsed.data;
  const now = nowOf(ctx);
  const view = await ctx.db.$transaction(async (tx) => {
    const before = toComponentView(await getComponentOrThrow(tx, id));
    if (fields.name && fields.name !== before.name && (await tx.statusComponent.findUnique({ where: { name: fields.name } })))
      throw new ConflictError(`A component named "${fields.name}" already exists`);
    const data = { ...fields, ...(targets ? { targets: targets as Prisma.InputJsonValue } : {}), updatedAt: now };
    const { count } = await tx.statusComponent.updateMany({ where: { id, updatedAt: new Date(before.updatedAt) }, data });
    if (count === 0) throw new ConflictError("This component changed while you edited it; reload and try again");
    const after = toComponentView(await getComponentOrThrow(tx, id));
    await writeAudit(tx, { actor: ctx.actor, action: "status_component.update", targetType: "status_component", targetId: id, before, after, requestId: ctx.requestId });
    return after;
  });
  statusChanged();
  return view;
}
