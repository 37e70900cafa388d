import { z } from "zod";
import { ZRuleInput, ZSeverity, type TRuleInput } from "./schema";

// API shapes for /api/v1/rules. The definition itself is ZRuleInput (schema.ts).

export const ZCreateRuleInput = ZRuleInput;
export type TCreateRuleInput = TRuleInput;

const ZVersion = z
  .number({ error: "expected the version you edited (a whole number, from GET /api/v1/rules/{id})" })
  .int("expected a whole number")
  .min(1, "versions start at 1");

// Read-only fields of a rule as GET returns it: a client may PUT that object back with its changes.
const READ_ONLY = ["id", "createdAt", "updatedAt", "createdBy", "disabledReason"] as const;

/** PUT body: the full definition, plus `version` for optimistic concurrency (409 if the rule moved on). */
export const ZUpdateRuleInput = z
  .looseObject({ version: ZVersion.optional() }, { error: "expected a JSON object with the rule's definition" })
  .transform((body, ctx) => {
    const { version, ...rest } = body;
    for (const key of READ_ONLY) delete rest[key];
    if (rest.cluster === null) delete rest.cluster;
    const parsed = ZRuleInput.safeParse(rest);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) ctx.addIssue({ code: "custom", path: issue.path, message: issue.message });
      return z.NEVER;
    }
    return { version, definition: parsed.data };
  });
export type TUpdateRuleInput = { version?: number | undefined; definition: TRuleInput };

export const ZRuleView = z.object({
  id: z.string(),
  name: z.string(),
  title: z.string(),
  description: z.string(),
  kind: z.string(),
  params: z.record(z.string(), z.unknown()),
  severity: ZSeverity,
  enabled: z.boolean(),
  cluster: z.string().optional(),
  for: z.number(),
  clearFor: z.number(),
  flapWindow: z.number(),
  version: z.number(),
  disabledReason: z.string().nullable(),
  createdBy: z.string().nullable(),
  createdAt: z.number(),
  updatedAt: z.number(),
  /** In the list: alerts this rule fired in the last 7 days and their onset-to-firing latency. */
  detectionLatency: z.object({ fired: z.number(), p50Ms: z.number().nullable(), p95Ms: z.number().nullable() }).optional(),
});
export type TRuleView = z.infer<typeof ZRuleView>;

export const ZRuleVersionView = z.object({
  version: z.number(),
  definition: z.record(z.string(), z.unknown()),
  createdBy: z.string().nullable(),
  createdAt: z.number(),
});
export type TRuleVersionView = z.infer<typeof ZRuleVersionView>;
