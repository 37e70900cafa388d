import type { PrismaClient } from "@/lib/generated/prisma/client.ts";
import { log } from "@/lib/log";
import { disableRuleOnError } from "./disable-rule-on-error";
import { toRule } from "./internal";
import type { TRule } from "./schema";

/**
 * Enabled rules for the engine, parsed through the schema so defaults apply. A stored rule the
 * current schema refuses is disabled with the reason, rather than stopping every other rule.
 */
export async function loadActiveRules(db: PrismaClient): Promise<TRule[]> {
  const rows = await db.rule.findMany({ where: { enabled: true }, orderBy: { name: "asc" } });
  const rules: TRule[] = [];
  for (const row of rows) {
    try {
      rules.push(toRule(row));
    } catch (err) {
      const reason = `The stored definition is no longer valid: ${(err as Error).message}`;
      log.warn("rule disabled at load", { rule: row.name, reason });
      await disableRuleOnError(db, row.id, reason, { version: row.version });
    }
  }
  return rules;
}
