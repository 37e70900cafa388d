import type { Alert, PrismaClient } from "@/lib/generated/prisma/client.ts";
import { detectionLatencyMs, type TAlert, type TAlertLabels } from "@/lib/detection/engine/types";
import { NotFoundError } from "@/lib/errors";
import type { TAlertView, TExternalAlert } from "./schemas";

/** An alert as stored: its rule may have been deleted since (ruleId null). */
export type TAlertRecord = Omit<TAlert, "ruleId"> & { ruleId: string | null };

const LABEL_KEYS = ["cluster", "shard", "replica", "node", "key"] as const;

function cleanLabels(labels: TAlertLabels): TAlertLabels {
  const out: TAlertLabels = { cluster: labels.cluster };
  for (const k of LABEL_KEYS) if (k !== "cluster" && typeof labels[k] === "string") out[k] = labels[k];
  return out;
}

const ms = (v: bigint | null) => (v === null ? null : Number(v));

export function fromRow(row: Alert): TAlertRecord {
  return {
    id: row.id,
    fingerprint: row.fingerprint,
    ruleId: row.ruleId,
    ruleName: row.ruleName,
    severity: row.severity,
    state: row.state,
    labels: cleanLabels(row.labels as TAlertLabels),
    value: row.value,
    summary: row.summary,
    activeAt: Number(row.activeAt),
    firedAt: ms(row.firedAt),
    resolvedAt: ms(row.resolvedAt),
    lastEvalAt: Number(row.lastEvalAt),
    flapping: row.flapping,
    flapCount: row.flapCount,
  };
}

/** The API shape (also for backtest answers, where nothing is stored: expected and silenced are false). */
/** What only an alert received from Alertmanager has: all its labels, annotations and link back. */
export function externalOf(row: Alert): TExternalAlert | undefined {
  if (row.source !== "alertmanager") return undefined;
  return {
    labels: row.labels as Record<string, string>,
    annotations: (row.annotations ?? {}) as Record<string, string>,
    ...(row.generatorUrl ? { generatorURL: row.generatorUrl } : {}),
    ...(row.endsAt !== null ? { endsAt: Number(row.endsAt) } : {}),
  };
}

/** The view's extras that come from the stored row rather than the engine's alert. */
export function rowExtras(row: Alert): { expected: boolean; external?: TExternalAlert } {
  const external = externalOf(row);
  return { expected: row.expected, ...(external ? { external } : {}) };
}

export function toAlertView(a: TAlertRecord, extra: { expected?: boolean; silenced?: boolean; external?: TExternalAlert } = {}): TAlertView {
  const latencyMs = detectionLatencyMs(a);
  return {
    id: a.id,
    rule: a.ruleName,
    severity: a.severity,
    state: a.state,
    labels: cleanLabels(a.labels),
    value: Number.isFinite(a.value) ? a.value : null,
    summary: a.summary,
    activeAt: a.activeAt,
    ...(a.firedAt !== null ? { firedAt: a.firedAt } : {}),
    ...(a.resolvedAt !== null ? { resolvedAt: a.resolvedAt } : {}),
    ruleId: a.ruleId,
    fingerprint: a.fingerprint,
    lastEvalAt: a.lastEvalAt,
    flapping: a.flapping,
    flapCount: a.flapCount,
    expected: extra.expected ?? false,
    silenced: extra.silenced ?? false,
    ...(latencyMs !== null ? { latencyMs } : {}),
    source: extra.external ? "alertmanager" : "shardwatch",
    ...(extra.external ? { external: extra.external } : {}),
  };
}

export async function getAlertRowOrThrow(db: Pick<PrismaClient, "alert">, id: string): Promise<Alert> {
  const row = await db.alert.findUnique({ where: { id } });
  if (!row) throw new NotFoundError(`No alert with id ${id}`);
  return row;
}
