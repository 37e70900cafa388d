import { writeAudit } from "@/lib/audit/write-audit";
import { requirePermission } from "@/lib/auth/require";
import type { TCtx } from "@/lib/context";
import { ConflictError, NotFoundError } from "@/lib/errors";
import { toUserSummary } from "./internal";
import { ZUpdateUserRoleInput } from "./schemas";

/** Changes a person's role; the last admin cannot be demoted (nobody could undo it). */
export async function updateUserRole({ ctx, input }: { ctx: TCtx; input: { id: string; role: string } }) {
  requirePermission(ctx.actor, "admin");
  const { id, role } = ZUpdateUserRoleInput.parse(input);
  const user = await ctx.db.$transaction(async (tx) => {
    const before = await tx.user.findUnique({ where: { id } });
    if (!before) throw new NotFoundError(`No user with id ${id}`);
    if (before.role === role) return before;
    if (before.role === "admin") {
      const others = await tx.user.count({ where: { role: "admin", id: { not: id } } });
      if (others === 0) throw new ConflictError("This is the last admin; make someone else admin first");
    }
    const { count } = await tx.user.updateMany({ where: { id, role: before.role }, data: { role } });
    if (count === 0) throw new ConflictError("The user changed meanwhile; reload and try again");
    await writeAudit(tx, {
      actor: ctx.actor,
      action: "user.role",
      targetType: "user",
      targetId: id,
      before: { role: before.role },
      after: { role },
      requestId: ctx.requestId,
    });
    // A changed role takes effect now: existing sessions carry the old one.
    await tx.session.deleteMany({ where: { userId: id } });
    return { ...before, role };
  });
  return toUserSummary(user);
}
