"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { fetchJson } from "@/components/api/fetch-json";
import { alertKeys } from "@/components/api/query-keys";
import { AlertMetricChart } from "@/components/charts/alert-metric-chart";
import type { TRuleInfo } from "@/components/charts/alert-metric-spec";
import { AlertMitigations } from "@/components/mitigations/alert-mitigations";
import { AlertMarkers, SeverityBadge, StateBadge, TargetLabels } from "./alert-badges";
import { formatDateTime, formatDuration, formatValue, type TAlert } from "./format";
import { SilencePanel } from "./silence-panel";

function Timeline({ alert }: { alert: TAlert }) {
  const steps = [
    { name: "Onset", at: alert.activeAt, help: "first sample that met the condition" },
    { name: "Fired", at: alert.firedAt, help: alert.state === "pending" ? "waiting out the rule's hold time" : "the evaluation that fired it" },
    { name: "Resolved", at: alert.resolvedAt, help: alert.state === "resolved" ? "the clear condition held" : "still open" },
  ];
  return (
    <ol className="timeline" aria-label="State timeline">
      {steps.map((s) => (
        <li key={s.name} data-done={s.at !== undefined}>
          <span className="timeline-dot" aria-hidden="true" />
          <strong>{s.name}</strong>
          <span>{s.at !== undefined ? <time dateTime={new Date(s.at).toISOString()}>{formatDateTime(s.at)}</time> : "not yet"}</span>
          <span className="muted">{s.help}</span>
        </li>
      ))}
    </ol>
  );
}

export function AlertDetail({
  initial,
  rule,
  canOperate,
}: {
  initial: TAlert;
  rule: (NonNullable<TRuleInfo> & { title: string }) | null;
  canOperate: boolean;
}) {
  const q = useQuery({
    queryKey: alertKeys.detail(initial.id),
    queryFn: () => fetchJson<{ alert: TAlert }>(`/api/v1/alerts/${initial.id}`).then((r) => r.alert),
    initialData: initial,
    refetchInterval: 5_000,
  });
  const alert = q.data;
  return (
    <>
      <div className="page-head">
        <div>
          <p className="muted">
            <Link href="/alerts">← Alerts</Link>
          </p>
          <h1 className="alert-title">{alert.rule}</h1>
          <p className="detail-badges">
            <SeverityBadge severity={alert.severity} />
            <StateBadge state={alert.state} />
            <AlertMarkers alert={alert} />
          </p>
        </div>
      </div>
      {q.error ? (
        <div className="alert alert-warn" role="alert">
          Showing the last known state: {q.error.message}
        </div>
      ) : null}
      <section className="card" aria-labelledby="summary-h">
        <h2 id="summary-h">Summary</h2>
        <p data-testid="alert-summary">{alert.summary}</p>
        <TargetLabels alert={alert} />
        {rule?.title ? <p className="muted rule-line">Rule: {rule.title}</p> : null}
      </section>
      <div className="grid stats">
        <div className="card stat">
          <span className="muted">Detection latency</span>
          <span className="value" data-testid="alert-latency">
            {alert.latencyMs !== undefined ? formatDuration(alert.latencyMs) : "not fired yet"}
          </span>
          <span className="muted">onset to firing</span>
        </div>
        <div className="card stat">
          <span className="muted">Value</span>
          <span className="value">{formatValue(alert.value)}</span>
          <span className="muted">at the last evaluation, {formatDateTime(alert.lastEvalAt)}</span>
        </div>
        <div className="card stat">
          <span className="muted">Flapping</span>
          <span className="value">{alert.flapCount}</span>
          <span className="muted">{alert.flapping ? "reopened after resolving" : "times reopened"}</span>
        </div>
      </div>
      <AlertMitigations alert={alert} />
      <section className="card" aria-labelledby="timeline-h">
        <h2 id="timeline-h">Timeline</h2>
        <Timeline alert={alert} />
      </section>
      <section className="card" aria-labelledby="metric-h">
        <h2 id="metric-h">What the rule saw</h2>
        <AlertMetricChart alert={alert} rule={rule} asOf={q.dataUpdatedAt} />
      </section>
      <SilencePanel alert={alert} canOperate={canOperate} />
    </>
  );
}
