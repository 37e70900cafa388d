import type { Prisma, PrismaClient, Rule, User } from "@/lib/generated/prisma/client.ts";
import type { TActor } from "@/lib/auth/actor";
import { fromZodError, NotFoundError } from "@/lib/errors";
import { ZRuleInput, type TRule, type TRuleDefinition, type TRuleInput } from "./schema";
import type { TRuleView } from "./schemas";

export const WITH_CREATOR = { createdBy: { select: { email: true } } } as const;
type TRow = Rule & { createdBy?: Pick<User, "email"> | null };

/** Parses a definition, or throws a 422 naming every bad field by path. */
export function validateRule(input: unknown): TRuleDefinition {
  const parsed = ZRuleInput.safeParse(input);
  if (!parsed.success) throw fromZodError(parsed.error, "The rule");
  return parsed.data;
}

export function toJson(value: unknown): Prisma.InputJsonValue {
  return JSON.parse(JSON.stringify(value)) as Prisma.InputJsonValue;
}

/** A definition as table columns. */
export function columnsOf(def: TRuleDefinition) {
  return {
    name: def.name,
    title: def.title,
    description: def.description,
    kind: def.kind,
    params: toJson(def.params),
    severity: def.severity,
    enabled: def.enabled,
    cluster: def.cluster ?? null,
    forSeconds: def.for,
    clearForSeconds: def.clearFor,
    flapWindowSeconds: def.flapWindow,
  };
}

/** The stored columns as an operator would write them. */
export function definitionInputOf(row: Rule): TRuleInput {
  return {
    name: row.name,
    title: row.title,
    description: row.description,
    severity: row.severity,
    enabled: row.enabled,
    ...(row.cluster !== null ? { cluster: row.cluster } : {}),
    for: row.forSeconds,
    clearFor: row.clearForSeconds,
    flapWindow: row.flapWindowSeconds,
    kind: row.kind,
    params: row.params,
  } as TRuleInput;
}

/** For the engine: parsed again, so parameters added since the rule was saved get their defaults. */
export function toRule(row: Rule): TRule {
  const definition = validateRule(definitionInputOf(row));
  return { ...definition, id: row.id, version: row.version, disabledReason: row.disabledReason, createdAt: row.createdAt, updatedAt: row.updatedAt };
}

/** For the API: the columns as stored (never throws, even if the schema has moved on). */
export function toRuleView(row: TRow): TRuleView {
  return {
    id: row.id,
    name: row.name,
    title: row.title,
    description: row.description,
    kind: row.kind,
    params: row.params as Record<string, unknown>,
    severity: row.severity,
    enabled: row.enabled,
    ...(row.cluster !== null ? { cluster: row.cluster } : {}),
    for: row.forSeconds,
    clearFor: row.clearForSeconds,
    flapWindow: row.flapWindowSeconds,
    version: row.version,
    disabledReason: row.disabledReason,
    createdBy: row.createdBy?.email ?? null,
    createdAt: row.createdAt.getTime(),
    updatedAt: row.updatedAt.getTime(),
  };
}

export function creatorId(actor: TActor): string | null {
  return actor.type === "user" ? actor.id : null;
}

export { isUniqueViolation } from "@/lib/db/errors";

export async function getRuleOrThrow(db: Pick<PrismaClient, "rule">, id: string): Promise<TRow> {
  const row = await db.rule.findUnique({ where: { id }, include: WITH_CREATOR });
  if (!row) throw new NotFoundError(`No rule with id ${id}`);
  return row;
}
