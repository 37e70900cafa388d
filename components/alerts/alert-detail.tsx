"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { fetchJson } from "@/components/api/fetch-json";
import { alertKeys } from "@/components/api/query-keys";
import { AlertMetricChart } from "@/components/charts/alert-metric-chart";
import type { TRuleInfo } from "@/components/charts/alert-metric-spec";
import { AlertMitigations } from "@/components/mitigations/alert-mitigations";
import { AlertMarkers, SeverityBadge, StateBadge, TargetLabels } from "./alert-badges";
import { formatDateTime, formatDuration, formatRuleValue, formatValue, type TAlert } from "./format";
import { SilencePanel } from "./silence-panel";

function Timeline({ alert }: { alert: TAlert }) {
  const ext = alert.source === "alertmanager";
  const steps = [
    { name: "Onset", at: alert.activeAt, help: ext ? "startsAt, as Alertmanager sent it" : "first sample that met the condition" },
    {
      name: "Fired",
      at: alert.firedAt,
      help: ext ? "when its sender fired it" : alert.state === "pending" ? "waiting out the rule's hold time" : "the evaluation that fired it",
    },
    { name: "Resolved", at: alert.resolvedAt, help: alert.state === "resolved" ? (ext ? "Alertmanager said resolved" : "the clear condition held") : "still open" },
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

/** What an alert received from Alertmanager came with: every label, its annotations and the link back. */
function ExternalSection({ external }: { external: NonNullable<TAlert["external"]> }) {
  const link = external.generatorURL && /^https?:\/\//i.test(external.generatorURL) ? external.generatorURL : null;
  const rows = (title: string, entries: [string, string][]) => (
    <>
      <h3>{title}</h3>
      {entries.length ? (
        <dl className="kv-cards">
          {entries.map(([k, v]) => (
            <div key={k}>
              <dt className="mono">{k}</dt>
              <dd>{v}</dd>
            </div>
          ))}
        </dl>
      ) : (
        <p className="muted">None.</p>
      )}
    </>
  );
  return (
    <section className="card" aria-labelledby="external-h">
      <h2 id="external-h">Received from Alertmanager</h2>
      <p className="muted">
        Evaluated by Prometheus, not by Shardwatch: there is no rule chart here.
        {link ? (
          <>
            {" "}
            <a href={link} rel="noreferrer noopener" target="_blank">
              Open its source expression
            </a>
            .
          </>
        ) : null}
        {external.endsAt !== undefined ? ` The sender said it ends at ${formatDateTime(external.endsAt)} unless renewed.` : null}
      </p>
      {rows("Labels", Object.entries(external.labels).sort(([a], [b]) => a.localeCompare(b)))}
      {rows("Annotations", Object.entries(external.annotations).sort(([a], [b]) => a.localeCompare(b)))}
    </section>
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
            {alert.external ? "not measured" : alert.latencyMs !== undefined ? formatDuration(alert.latencyMs) : "not fired yet"}
          </span>
          <span className="muted">{alert.external ? "detected by Alertmanager's sender" : "onset to firing"}</span>
        </div>
        <div className="card stat">
          <span className="muted">Value</span>
          <span className="value">{alert.external ? formatValue(alert.value) : formatRuleValue(alert.value, rule?.kind, rule?.params)}</span>
          <span className="muted">
            {alert.external ? "last notification" : "at the last evaluation"}, {formatDateTime(alert.lastEvalAt)}
          </span>
        </div>
        <div className="card stat">
          <span className="muted">Flapping</span>
          <span className="value">{alert.flapCount}</span>
          <span className="muted">{alert.flapping ? "reopened after resolving" : "times reopened"}</span>
        </div>
      </div>
      {alert.external ? null : <AlertMitigations alert={alert} />}
      <section className="card" aria-labelledby="timeline-h">
        <h2 id="timeline-h">Timeline</h2>
        <Timeline alert={alert} />
      </section>
      {alert.external ? (
        <ExternalSection external={alert.external} />
      ) : (
        <section className="card" aria-labelledby="metric-h">
          <h2 id="metric-h">What the rule saw</h2>
          <AlertMetricChart alert={alert} rule={rule} asOf={q.dataUpdatedAt} />
        </section>
      )}
      <SilencePanel alert={alert} canOperate={canOperate} />
    </>
  );
}
