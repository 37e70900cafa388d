import { writeAudit } from "@/lib/audit/write-audit";
import { requirePermission } from "@/lib/auth/require";
import type { TCtx } from "@/lib/context";
import { insertUserWithPassword, toUserSummary } from "./internal";
import type { TCreateUserInput } from "./schemas";
import { ZCreateUserInput } from "./schemas";

/** An admin adds a person with a role and an initial password. */
export async function createUser({ ctx, input }: { ctx: TCtx; input: TCreateUserInput }) {
  requirePermission(ctx.actor, "admin");
  const data = ZCreateUserInput.parse(input);
  const user = await ctx.db.$transaction(async (tx) => {
    const created = await insertUserWithPassword(tx, data);
    await writeAudit(tx, {
      actor: ctx.actor,
      action: "user.create",
      targetType: "user",
      targetId: created.id,
      after: { email: created.email, name: created.name, role: created.role },
      requestId: ctx.requestId,
    });
    return created;
  });
  return toUserSummary(user);
}
