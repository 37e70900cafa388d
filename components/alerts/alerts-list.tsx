"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useSearchParams } from "next/navigation";
import { useState } from "react";
import { fetchJson } from "@/components/api/fetch-json";
import { alertKeys } from "@/components/api/query-keys";
import { AlertMarkers, SeverityBadge, StateBadge, TargetLabels } from "./alert-badges";
import { ALERT_STATES, formatDuration, formatTime, visibleAlerts, type TAlert, type TAlertState } from "./format";

const REFRESH_MS = 4_000;

// Filters live in the address. Each change starts from the address as it is now (not as of the last
// render), so quick successive changes all land; replaceState keeps it client-side and in history once.
function useFilters() {
  const params = useSearchParams();
  const state = params.getAll("state").filter((s): s is TAlertState => (ALERT_STATES as string[]).includes(s));
  const filters = { state, cluster: params.get("cluster") ?? "", rule: params.get("rule") ?? "" };
  function set(change: (q: URLSearchParams) => void) {
    const q = new URLSearchParams(window.location.search);
    change(q);
    window.history.replaceState(null, "", q.size ? `${window.location.pathname}?${q.toString()}` : window.location.pathname);
  }
  const setOne = (name: "cluster" | "rule", value: string) => set((q) => (value ? q.set(name, value) : q.delete(name)));
  const toggleState = (s: TAlertState, on: boolean) =>
    set((q) => {
      const next = q.getAll("state").filter((x) => x !== s);
      q.delete("state");
      for (const x of on ? [...next, s] : next) q.append("state", x);
    });
  const clear = () => set((q) => ["state", "cluster", "rule"].forEach((n) => q.delete(n)));
  return { filters, setOne, toggleState, clear };
}

function AlertRow({ alert }: { alert: TAlert }) {
  return (
    <tr data-testid="alert-row" data-state={alert.state}>
      <td data-label="Severity">
        <SeverityBadge severity={alert.severity} />
      </td>
      <td data-label="State">
        <StateBadge state={alert.state} />
        <AlertMarkers alert={alert} />
      </td>
      <td data-label="Rule">
        <Link href={`/alerts/${alert.id}`} className="mono rule-link">
          {alert.rule}
        </Link>
      </td>
      <td data-label="Target">
        <TargetLabels alert={alert} />
      </td>
      <td data-label="Summary" className="summary-cell">
        {alert.summary}
      </td>
      <td data-label="Onset">
        <time dateTime={new Date(alert.activeAt).toISOString()}>{formatTime(alert.activeAt)}</time>
      </td>
      <td data-label="Fired">
        {alert.firedAt ? <time dateTime={new Date(alert.firedAt).toISOString()}>{formatTime(alert.firedAt)}</time> : <span className="muted">not yet</span>}
      </td>
      <td data-label="Latency">{alert.latencyMs !== undefined ? formatDuration(alert.latencyMs) : <span className="muted">—</span>}</td>
    </tr>
  );
}

export function AlertsList({ clusters, rules }: { clusters: string[]; rules: string[] }) {
  const { filters, setOne, toggleState, clear } = useFilters();
  const [paused, setPaused] = useState(false);
  const q = new URLSearchParams();
  for (const s of filters.state) q.append("state", s);
  if (filters.cluster) q.set("cluster", filters.cluster);
  const list = useQuery({
    queryKey: alertKeys.list({ state: filters.state, cluster: filters.cluster }),
    queryFn: () => fetchJson<{ alerts: TAlert[] }>(`/api/v1/alerts?${q.toString()}`),
    refetchInterval: paused ? false : REFRESH_MS,
    placeholderData: (prev) => prev,
  });
  const alerts = list.data ? visibleAlerts(list.data.alerts, filters.rule) : [];
  const filtered = filters.state.length > 0 || !!filters.cluster || !!filters.rule;

  return (
    <>
      <form className="card filters" aria-label="Filter alerts" onSubmit={(e) => e.preventDefault()}>
        <fieldset className="checks">
          <legend className="legend">State</legend>
          {ALERT_STATES.map((s) => (
            <label key={s}>
              <input type="checkbox" checked={filters.state.includes(s)} onChange={(e) => toggleState(s, e.target.checked)} />
              {s[0]!.toUpperCase() + s.slice(1)}
            </label>
          ))}
        </fieldset>
        <div className="field">
          <label htmlFor="filter-cluster">Cluster</label>
          <select id="filter-cluster" value={filters.cluster} onChange={(e) => setOne("cluster", e.target.value)}>
            <option value="">All clusters</option>
            {[...new Set([...clusters, filters.cluster].filter(Boolean))].map((c) => (
              <option key={c} value={c}>
                {c}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="filter-rule">Rule</label>
          <select id="filter-rule" value={filters.rule} onChange={(e) => setOne("rule", e.target.value)}>
            <option value="">All rules</option>
            {[...new Set([...rules, filters.rule].filter(Boolean))].map((r) => (
              <option key={r} value={r}>
                {r}
              </option>
            ))}
          </select>
        </div>
        <div className="live">
          <span className="muted" role="status" aria-live="polite">
            {paused ? "Paused" : list.isFetching ? "Refreshing…" : `Live · updated ${list.dataUpdatedAt ? formatTime(list.dataUpdatedAt) : "—"}`}
          </span>
          <button type="button" className="btn btn-sm" aria-pressed={paused} onClick={() => setPaused(!paused)}>
            {paused ? "▶ Resume" : "❚❚ Pause"}
          </button>
          {filtered ? (
            <button type="button" className="btn btn-sm" onClick={clear}>
              Clear filters
            </button>
          ) : null}
        </div>
      </form>
      <section className="card" aria-labelledby="alerts-h" aria-busy={list.isPending}>
        <h2 id="alerts-h">
          {list.data ? `${alerts.length} alert${alerts.length === 1 ? "" : "s"}` : "Alerts"}
          {filtered ? <span className="muted"> (filtered)</span> : null}
        </h2>
        {list.isPending ? (
          <div className="skeleton" data-testid="alerts-loading">
            <span className="visually-hidden">Loading alerts…</span>
            {[0, 1, 2].map((i) => (
              <div key={i} className="skeleton-row" aria-hidden="true" />
            ))}
          </div>
        ) : null}
        {list.error ? (
          <div className="alert alert-error" role="alert">
            <span aria-hidden="true">✕</span>
            <div>
              Could not load alerts: {list.error.message}.{" "}
              <button type="button" className="btn btn-sm" onClick={() => void list.refetch()}>
                Try again
              </button>
            </div>
          </div>
        ) : null}
        {list.data && alerts.length === 0 ? (
          <div className="empty" data-testid="alerts-empty">
            <p>
              <strong>{filtered ? "No alerts match these filters." : "No alerts. Everything watched is healthy."}</strong>
            </p>
            <p>{filtered ? "Widen the filters or clear them." : "Detection runs every few seconds; new alerts appear here without reloading."}</p>
          </div>
        ) : null}
        {alerts.length > 0 ? (
          <div className="table-wrap">
            <table className="alerts-table">
              <thead>
                <tr>
                  <th scope="col">Severity</th>
                  <th scope="col">State</th>
                  <th scope="col">Rule</th>
                  <th scope="col">Target</th>
                  <th scope="col">Summary</th>
                  <th scope="col">Onset</th>
                  <th scope="col">Fired</th>
                  <th scope="col">Latency</th>
                </tr>
              </thead>
              <tbody>
                {alerts.map((a) => (
                  <AlertRow key={a.id} alert={a} />
                ))}
              </tbody>
            </table>
          </div>
        ) : null}
      </section>
    </>
  );
}
