import { detectionLatencyMs, type TAlert, type TTransition } from "@/lib/detection/engine/types";
import type { PrismaClient } from "@/lib/generated/prisma/client.ts";

const INT_MAX = 2_147_483_647;

// JSON has no Infinity or NaN: such a value travels as text and PostgreSQL's float8 cast reads it back.
const floatOf = (v: number) => (Number.isFinite(v) ? v : String(v));

function recordOf(a: TAlert) {
  const latency = detectionLatencyMs(a);
  return {
    id: a.id,
    fingerprint: a.fingerprint,
    rule_id: a.ruleId,
    rule_name: a.ruleName,
    severity: a.severity,
    state: a.state,
    cluster: a.labels.cluster,
    labels: a.labels,
    value: floatOf(a.value),
    summary: a.summary,
    active_at: a.activeAt,
    fired_at: a.firedAt,
    resolved_at: a.resolvedAt,
    last_eval_at: a.lastEvalAt,
    flapping: a.flapping,
    flap_count: a.flapCount,
    latency_ms: latency === null ? null : Math.max(-INT_MAX, Math.min(INT_MAX, Math.round(latency))),
  };
}

/**
 * Writes one evaluation's transitions in one transaction: a single upsert statement for every alert
 * that is new or changed, one delete for pending alerts that were cancelled (they never fired). Only
 * an alert's last transition in the batch counts; an update older than the stored row is ignored, and
 * a rule id that is not (or no longer) stored becomes null rather than failing the batch.
 */
export async function persistTransitions(db: PrismaClient, transitions: readonly TTransition[]): Promise<{ written: number; deleted: number }> {
  if (transitions.length === 0) return { written: 0, deleted: 0 };
  const last = new Map<string, TTransition>();
  for (const t of transitions) last.set(t.alert.id, t);
  const cancelled: string[] = [];
  const records: ReturnType<typeof recordOf>[] = [];
  for (const t of last.values()) {
    if (t.type === "cancelled") cancelled.push(t.alert.id);
    else records.push(recordOf(t.alert));
  }
  return db.$transaction(async (tx) => {
    const written = records.length
      ? await tx.$executeRaw`
        INSERT INTO "alerts" ("id", "fingerprint", "rule_id", "rule_name", "severity", "state", "cluster", "labels", "value", "summary",
          "active_at", "fired_at", "resolved_at", "last_eval_at", "flapping", "flap_count", "latency_ms")
        SELECT t.id, t.fingerprint, (SELECT r.id FROM "rules" r WHERE r.id = t.rule_id), t.rule_name, t.severity::"Severity",
          t.state::"AlertState", t.cluster, t.labels, t.value::float8, t.summary, t.active_at, t.fired_at, t.resolved_at,
          t.last_eval_at, t.flapping, t.flap_count, t.latency_ms
        FROM jsonb_to_recordset(${JSON.stringify(records)}::jsonb) AS t(id text, fingerprint text, rule_id text, rule_name text,
          severity text, state text, cluster text, labels jsonb, value text, summary text, active_at bigint, fired_at bigint,
          resolved_at bigint, last_eval_at bigint, flapping boolean, flap_count int, latency_ms int)
        ON CONFLICT ("id") DO UPDATE SET
          "fingerprint" = EXCLUDED."fingerprint", "rule_name" = EXCLUDED."rule_name", "severity" = EXCLUDED."severity",
          "state" = EXCLUDED."state", "cluster" = EXCLUDED."cluster", "labels" = EXCLUDED."labels", "value" = EXCLUDED."value",
          "summary" = EXCLUDED."summary", "active_at" = EXCLUDED."active_at", "fired_at" = EXCLUDED."fired_at",
          "resolved_at" = EXCLUDED."resolved_at", "last_eval_at" = EXCLUDED."last_eval_at", "flapping" = EXCLUDED."flapping",
          "flap_count" = EXCLUDED."flap_count", "latency_ms" = EXCLUDED."latency_ms"
        WHERE "alerts"."last_eval_at" <= EXCLUDED."last_eval_at"`
      : 0;
    const deleted = cancelled.length ? (await tx.alert.deleteMany({ where: { id: { in: cancelled }, state: "pending" } })).count : 0;
    return { written, deleted };
  });
}
