import { z } from "zod";
import { writeAudit } from "@/lib/audit/write-audit";
import { requirePermission } from "@/lib/auth/require";
import type { TCtx } from "@/lib/context";
import { readBreaker, resetBreaker } from "./breaker";

export const ZAutomationView = z.object({ paused: z.boolean(), pausedAt: z.number().nullable(), consecutiveFailures: z.number().int(), lastFailure: z.string().nullable() });
export type TAutomationView = z.infer<typeof ZAutomationView>;

export async function readAutomation({ ctx }: { ctx: TCtx }): Promise<TAutomationView> {
  requirePermission(ctx.actor, "read");
  const s = await readBreaker(ctx.db);
  return { paused: s.pausedAt !== null, pausedAt: s.pausedAt, consecutiveFailures: s.failures, lastFailure: s.lastFailure };
}

/** An admin resumes automation after the circuit breaker paused it (audited). */
export async function resumeAutomation({ ctx }: { ctx: TCtx }): Promise<TAutomationView> {
  requirePermission(ctx.actor, "admin");
  const before = await readBreaker(ctx.db);
  await resetBreaker(ctx.db);
  await writeAudit(ctx.db, { actor: ctx.actor, action: "mitigation.automation-resumed", targetType: "automation", targetId: "mitigations", before, requestId: ctx.requestId });
  return readAutomation({ ctx });
}
