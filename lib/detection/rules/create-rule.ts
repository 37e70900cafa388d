import { writeAudit } from "@/lib/audit/write-audit";
import { requirePermission } from "@/lib/auth/require";
import type { TCtx } from "@/lib/context";
import { nowOf } from "@/lib/context";
import { ConflictError } from "@/lib/errors";
import { columnsOf, creatorId, isUniqueViolation, toJson, toRuleView, validateRule, WITH_CREATOR } from "./internal";
import type { TCreateRuleInput } from "./schemas";

const nameTaken = (name: string) => new ConflictError(`A rule named "${name}" already exists; choose another name or edit that rule`);

/** Creates a rule at version 1, with its first kept version and an audit row. */
export async function createRule({ ctx, input }: { ctx: TCtx; input: TCreateRuleInput }) {
  requirePermission(ctx.actor, "operate");
  const definition = validateRule(input);
  const at = nowOf(ctx);
  try {
    return await ctx.db.$transaction(async (tx) => {
      if (await tx.rule.findUnique({ where: { name: definition.name }, select: { id: true } })) throw nameTaken(definition.name);
      const row = await tx.rule.create({
        data: { ...columnsOf(definition), createdById: creatorId(ctx.actor), createdAt: at, updatedAt: at },
        include: WITH_CREATOR,
      });
      await tx.ruleVersion.create({ data: { ruleId: row.id, version: 1, definition: toJson(definition), createdById: creatorId(ctx.actor), createdAt: at } });
      await writeAudit(tx, { actor: ctx.actor, action: "rule.create", targetType: "rule", targetId: row.id, after: definition, requestId: ctx.requestId });
      return toRuleView(row);
    });
  } catch (err) {
    // Two creations of one name at once: the unique index decides, the loser hears why.
    if (isUniqueViolation(err)) throw nameTaken(definition.name);
    throw err;
  }
}
