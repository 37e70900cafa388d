import { createHash } from "node:crypto";
import type { TAlertmanagerAlert } from "./schemas";

// Alertmanager's alerts as rows of our alerts table (source "alertmanager"), a pure mapping.

export type TExternalAlertRow = {
  id: string;
  fingerprint: string;
  ruleName: string;
  severity: "info" | "warning" | "critical";
  state: "firing" | "resolved";
  cluster: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  generatorUrl: string | null;
  value: number;
  summary: string;
  activeAt: bigint;
  firedAt: bigint;
  resolvedAt: bigint | null;
  endsAt: bigint | null;
  lastEvalAt: bigint;
};

const SEVERITY: Record<string, TExternalAlertRow["severity"]> = {
  critical: "critical", page: "critical", error: "critical", high: "critical", emergency: "critical",
  warning: "warning", warn: "warning", medium: "warning",
  info: "info", informational: "info", low: "info", none: "info",
};

/** Alertmanager's "zero" time (0001-01-01) means no end; anything before 1971 is treated the same. */
function timeOrNull(raw: string | undefined): number | null {
  if (!raw) return null;
  const t = Date.parse(raw);
  return Number.isFinite(t) && t > 31_536_000_000 ? t : null;
}

/** One row per alert instance: the same fingerprint firing again later is a new alert, a re-notification is not. */
export function externalAlertId(fingerprint: string, startsAt: number): string {
  return `am-${createHash("sha256").update(`${fingerprint}|${startsAt}`).digest("hex").slice(0, 24)}`;
}

export function toAlertRow(alert: TAlertmanagerAlert, now: number): TExternalAlertRow {
  const startsAt = timeOrNull(alert.startsAt) ?? now;
  const endsAt = timeOrNull(alert.endsAt);
  const name = alert.labels.alertname ?? "alertmanager";
  const declared = Number(alert.annotations.value);
  const resolved = alert.status === "resolved";
  return {
    id: externalAlertId(alert.fingerprint, startsAt),
    fingerprint: `am:${alert.fingerprint}`,
    ruleName: name,
    severity: SEVERITY[(alert.labels.severity ?? "").toLowerCase()] ?? "warning",
    state: alert.status,
    cluster: alert.labels.cluster ?? alert.labels.shardwatch_cluster ?? "external",
    labels: alert.labels,
    annotations: alert.annotations,
    generatorUrl: alert.generatorURL || null,
    // An alert from elsewhere has no value unless its annotations give one: unknown, not zero.
    value: alert.annotations.value !== undefined && Number.isFinite(declared) ? declared : Number.NaN,
    summary: (alert.annotations.summary ?? alert.annotations.description ?? alert.annotations.message ?? name).slice(0, 1000),
    activeAt: BigInt(startsAt),
    firedAt: BigInt(startsAt),
    resolvedAt: resolved ? BigInt(Math.max(startsAt, endsAt ?? now)) : null,
    endsAt: endsAt === null ? null : BigInt(endsAt),
    lastEvalAt: BigInt(now),
  };
}
