import { writeAudit } from "@/lib/audit/write-audit";
import { SYSTEM_ACTOR } from "@/lib/auth/actor";
import type { PrismaClient } from "@/lib/generated/prisma/client.ts";
import { DEFAULT_RULES } from "./defaults";
import { columnsOf, toJson } from "./internal";
import { ZRuleInput } from "./schema";

/**
 * At boot: inserts each default rule whose name is not taken; rules already there are left exactly as
 * operators made them. Safe to run concurrently (the name index decides). Returns the names created.
 */
export async function seedDefaultRules(db: PrismaClient): Promise<{ created: string[] }> {
  const definitions = new Map(DEFAULT_RULES.map((r) => ZRuleInput.parse(r)).map((d) => [d.name, d]));
  return db.$transaction(async (tx) => {
    const rows = await tx.rule.createManyAndReturn({
      data: [...definitions.values()].map(columnsOf),
      skipDuplicates: true,
      select: { id: true, name: true, version: true },
    });
    if (rows.length === 0) return { created: [] };
    await tx.ruleVersion.createMany({ data: rows.map((r) => ({ ruleId: r.id, version: r.version, definition: toJson(definitions.get(r.name)) })) });
    for (const r of rows) {
      await writeAudit(tx, { actor: SYSTEM_ACTOR, action: "rule.seed", targetType: "rule", targetId: r.id, after: definitions.get(r.name) });
    }
    return { created: rows.map((r) => r.name).sort() };
  });
}
