import { writeAudit } from "@/lib/audit/write-audit";
import { requirePermission } from "@/lib/auth/require";
import type { TCtx } from "@/lib/context";
import { nowOf } from "@/lib/context";
import { NotFoundError } from "@/lib/errors";
import { statusChanged } from "./changes";
import { getComponentOrThrow, toComponentView } from "./internal";
import { recomputeComponentLevels } from "./recompute-levels";

/** Removes a component from the page; notices keep their other components. */
export async function deleteComponent({ ctx, input }: { ctx: TCtx; input: { id: string } }) {
  requirePermission(ctx.actor, "admin");
  const now = nowOf(ctx);
  await ctx.db.$transaction(async (tx) => {
    const before = toComponentView(await getComponentOrThrow(tx, input.id));
    const { count } = await tx.statusComponent.deleteMany({ where: { id: input.id } });
    if (count === 0) throw new NotFoundError(`No status component with id ${input.id}`);
    await recomputeComponentLevels(tx, now);
    await writeAudit(tx, { actor: ctx.actor, action: "status_component.delete", targetType: "status_component", targetId: input.id, before, requestId: ctx.requestId });
  });
  statusChanged();
}
