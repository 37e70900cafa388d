import { writeAudit } from "@/lib/audit/write-audit";
import { requirePermission } from "@/lib/auth/require";
import type { TCtx } from "@/lib/context";
import { nowOf } from "@/lib/context";
import { ConflictError } from "@/lib/errors";
import { columnsOf, creatorId, definitionInputOf, getRuleOrThrow, isUniqueViolation, toJson, toRuleView, validateRule, WITH_CREATOR } from "./internal";
import type { TUpdateRuleInput } from "./schemas";

const nameTaken = (name: string) => new ConflictError(`A rule named "${name}" already exists; choose another name`);

/**
 * Replaces a rule's definition (PUT) and bumps its version. With `version`, the save applies only to
 * that version (409 otherwise), so two editors cannot overwrite each other unseen. Saving re-enables
 * a rule that evaluation had disabled, if the new definition says enabled.
 */
export async function updateRule({ ctx, input }: { ctx: TCtx; input: { id: string } & TUpdateRuleInput }) {
  requirePermission(ctx.actor, "operate");
  const definition = validateRule(input.definition);
  const at = nowOf(ctx);
  try {
    return await ctx.db.$transaction(async (tx) => {
      const current = await getRuleOrThrow(tx, input.id);
      const expected = input.version ?? current.version;
      if (definition.name !== current.name && (await tx.rule.findUnique({ where: { name: definition.name }, select: { id: true } }))) {
        throw nameTaken(definition.name);
      }
      const { count } = await tx.rule.updateMany({
        where: { id: input.id, version: expected },
        data: { ...columnsOf(definition), disabledReason: null, version: { increment: 1 }, updatedAt: at },
      });
      if (count === 0) {
        const now = await getRuleOrThrow(tx, input.id);
        throw new ConflictError(
          `Rule "${now.name}" is at version ${now.version}, but this change was made to version ${expected}; reload it, apply your change again and send version ${now.version}`,
        );
      }
      const row = await tx.rule.findUniqueOrThrow({ where: { id: input.id }, include: WITH_CREATOR });
      await tx.ruleVersion.create({
        data: { ruleId: row.id, version: row.version, definition: toJson(definition), createdById: creatorId(ctx.actor), createdAt: at },
      });
      await writeAudit(tx, {
        actor: ctx.actor,
        action: "rule.update",
        targetType: "rule",
        targetId: row.id,
        before: { version: current.version, definition: definitionInputOf(current), disabledReason: current.disabledReason },
        after: { version: row.version, definition },
        requestId: ctx.requestId,
      });
      return toRuleView(row);
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw nameTaken(definition.name);
    throw err;
  }
}
