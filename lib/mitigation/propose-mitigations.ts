import { writeAudit } from "@/lib/audit/write-audit";
import { requirePermission } from "@/lib/auth/require";
import type { TCtx } from "@/lib/context";
import { nowOf } from "@/lib/context";
import { ConflictError } from "@/lib/errors";
import type { TChoice, TChoiceInput, TDiagnosis, TProposalDraft } from "./choose";
import { toJson, toMitigationView, WITH_DETAIL } from "./internal";
import { requiredApprovals, type TMitigationPolicy } from "./policy";
import type { TMitigationView } from "./schemas";
import { emitMitigationEvent } from "./event-sink";

export type TProposeInput = {
  cluster: string;
  alertId: string | null;
  diagnosis: TDiagnosis;
  /** Ranked, first choice first. */
  drafts: TProposalDraft[];
  /** The facts the drafts were chosen from, and the choice's summary and what cannot help. */
  signal: TChoiceInput & { choice?: { summary: string; cannotHelp: TChoice["cannotHelp"] } };
  source: "detection" | "api" | "ui";
  /** API callers' Idempotency-Key, already scoped to the caller. */
  idempotencyKey?: string;
};

const LIVE = ["proposed", "approved", "executing", "verifying", "rolling-back"];
// A handful of short statements, but each awaits its turn on an event loop that a backfill or an
// ingest burst can keep busy for seconds: Prisma's default 5 s expired such transactions under load
// and the alert was left with no proposal (bench:dashboard at 10,000 shards). Bounded, not unbounded.
const TX = { maxWait: 10_000, timeout: 30_000 };

/**
 * Stores ranked proposals, one row each, in state proposed. An alert gets one set of proposals while
 * any of them is still live (detection calls this on every firing; the second call returns the first
 * set). A repeated Idempotency-Key returns what the first request created.
 */
export async function proposeMitigations({ ctx, input, policy }: { ctx: TCtx; input: TProposeInput; policy: TMitigationPolicy }): Promise<TMitigationView[]> {
  requirePermission(ctx.actor, "operate");
  const at = nowOf(ctx);
  return ctx.db.$transaction(async (tx) => {
    if (input.idempotencyKey) {
      const prior = await tx.mitigation.findUnique({ where: { idempotencyKey: input.idempotencyKey }, include: WITH_DETAIL });
      if (prior) {
        const first = input.drafts[0];
        if (first && (prior.action !== first.action || prior.target !== first.target))
          throw new ConflictError(`Idempotency-Key was used for ${prior.action} of ${prior.target}; use a new key for a different request`);
        return [toMitigationView(prior)];
      }
    }
    if (input.alertId) {
      const live = await tx.mitigation.findMany({ where: { alertId: input.alertId, state: { in: LIVE } }, include: WITH_DETAIL, orderBy: { rank: "asc" } });
      if (live.length) return live.map(toMitigationView);
    }
    // Two alerts on one shard (hot-shard and a p99 rule, say) lead to the same actions: an action on a
    // target that already has a live proposal is not proposed twice; detection gets the existing one.
    let drafts = input.drafts;
    const existing: TMitigationView[] = [];
    if (input.source === "detection") {
      const live = await tx.mitigation.findMany({
        where: { cluster: input.cluster, state: { in: LIVE }, OR: drafts.map((d) => ({ action: d.action, target: d.target })) },
        include: WITH_DETAIL,
      });
      existing.push(...live.map(toMitigationView));
      drafts = drafts.filter((d) => !live.some((m) => m.action === d.action && m.target === d.target));
    }
    const out: TMitigationView[] = [...existing];
    for (const [i, d] of drafts.entries()) {
      const row = await tx.mitigation.create({
        data: {
          cluster: input.cluster,
          alertId: input.alertId,
          action: d.action,
          target: d.target,
          params: toJson(d.params),
          rank: input.drafts.indexOf(d) + 1,
          diagnosis: input.diagnosis,
          rationale: d.rationale,
          plan: toJson(d.plan),
          signal: toJson(input.signal),
          state: "proposed",
          requiredApprovals: requiredApprovals(policy, d.action),
          source: input.source,
          idempotencyKey: i === 0 ? (input.idempotencyKey ?? null) : null,
          requestedById: ctx.actor.type === "user" ? ctx.actor.id : null,
          expiresAt: new Date(at.getTime() + policy.ttlMs),
          createdAt: at,
          updatedAt: at,
        },
        include: WITH_DETAIL,
      });
      await writeAudit(tx, {
        actor: ctx.actor,
        action: "mitigation.propose",
        targetType: "mitigation",
        targetId: row.id,
        after: { cluster: row.cluster, alertId: row.alertId, action: row.action, target: row.target, params: d.params, rank: row.rank, source: row.source },
        requestId: ctx.requestId,
      });
      const view = toMitigationView(row);
      await emitMitigationEvent(tx, "proposed", view);
      out.push(view);
    }
    return out.sort((a, b) => a.rank - b.rank);
  }, TX);
}
