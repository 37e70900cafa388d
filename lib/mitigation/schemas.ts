import { z } from "zod";
import { OPERATION_KINDS } from "@/lib/control-plane/types";
import { ZSignalSummary } from "./signal-summary";
import { MITIGATION_STATES } from "./state";

// Shapes at the edges of the mitigation services: what the API accepts and what it answers.

export const ZExpectation = z.object({
  what: z.string(),
  target: z.string(),
  before: z.number(),
  after: z.number(),
  unit: z.enum(["req/s", "%"]),
});
export const ZPlan = z.object({
  steps: z.array(z.string()),
  copyGb: z.number(),
  estimatedSeconds: z.number(),
  expected: z.array(ZExpectation),
});

export const ZMitigationView = z.object({
  id: z.string(),
  cluster: z.string(),
  alertId: z.string().nullable(),
  action: z.enum(OPERATION_KINDS),
  target: z.string(),
  params: z.record(z.string(), z.unknown()),
  rank: z.number().int(),
  diagnosis: z.string(),
  rationale: z.string(),
  plan: ZPlan,
  state: z.enum(MITIGATION_STATES),
  version: z.number().int(),
  requiredApprovals: z.number().int(),
  approvals: z.array(z.object({ userId: z.string(), name: z.string(), email: z.string(), decision: z.enum(["approve", "reject"]), comment: z.string(), at: z.number() })),
  source: z.enum(["detection", "api", "ui"]),
  requestedBy: z.string().nullable(),
  operationId: z.string().nullable(),
  rollbackOperationId: z.string().nullable(),
  progress: z
    .object({ phase: z.string(), progress: z.number(), message: z.string(), etaAt: z.number().nullable(), updatedAt: z.number(), failedRequests: z.number().optional() })
    .nullable(),
  verification: z.unknown().nullable(),
  outcome: z.enum(["improved", "unchanged", "worse"]).nullable(),
  error: z.string().nullable(),
  note: z.string().nullable(),
  expiresAt: z.number(),
  startedAt: z.number().nullable(),
  finishedAt: z.number().nullable(),
  createdAt: z.number(),
  updatedAt: z.number(),
  /** The key numbers it was chosen from, with the diagnosis and what cannot help: one mitigation's detail only. */
  signal: ZSignalSummary.nullable().optional(),
});
export type TMitigationView = z.infer<typeof ZMitigationView>;

export const ZListMitigationsInput = z.object({
  state: z
    .union([z.enum(MITIGATION_STATES), z.array(z.enum(MITIGATION_STATES))])
    .optional()
    .transform((v) => (v === undefined ? undefined : Array.isArray(v) ? v : [v])),
  cluster: z.string().max(128).optional(),
  alertId: z.string().max(128).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
export type TListMitigationsInput = z.input<typeof ZListMitigationsInput>;

export const ZDecisionInput = z.object({
  comment: z.string().trim().max(2000, "comment is at most 2000 characters").default(""),
  /** The version the person looked at; a proposal that changed since answers 409. */
  version: z.number().int().positive().optional(),
});
export type TDecisionInput = z.input<typeof ZDecisionInput>;
