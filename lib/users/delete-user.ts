import { writeAudit } from "@/lib/audit/write-audit";
import { requirePermission } from "@/lib/auth/require";
import type { TCtx } from "@/lib/context";
import { ConflictError, NotFoundError } from "@/lib/errors";

/** Removes a person and their sessions; nobody removes themselves or the last admin. */
export async function deleteUser({ ctx, input }: { ctx: TCtx; input: { id: string } }) {
  requirePermission(ctx.actor, "admin");
  if (ctx.actor.type === "user" && ctx.actor.id === input.id) throw new ConflictError("You cannot remove yourself");
  await ctx.db.$transaction(async (tx) => {
    const before = await tx.user.findUnique({ where: { id: input.id } });
    if (!before) throw new NotFoundError(`No user with id ${input.id}`);
    if (before.role === "admin" && (await tx.user.count({ where: { role: "admin" } })) <= 1) {
      throw new ConflictError("This is the last admin");
    }
    await tx.user.delete({ where: { id: input.id } });
    await writeAudit(tx, {
      actor: ctx.actor,
      action: "user.delete",
      targetType: "user",
      targetId: input.id,
      before: { email: before.email, role: before.role },
      requestId: ctx.requestId,
    });
  });
}
