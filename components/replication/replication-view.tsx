"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useSearchParams } from "next/navigation";
import { fetchJson } from "@/components/api/fetch-json";
import { replicationKeys } from "@/components/api/dashboard-keys";
import { Sparkline } from "@/components/ui/sparkline";
import { StatusBadge } from "@/components/ui/status-badge";
import { TimeRangePicker, useTimeRange } from "@/components/ui/time-range-picker";
import { REPLICA_STATES, type TReplicaState } from "@/lib/dashboard/replication";
import type { TReplicationResult } from "@/lib/dashboard/schemas";
import { fmtSeconds, STATE_LABEL } from "./format";
import { LagChart } from "./lag-chart";
import styles from "./replication.module.css";

const PAGE_SIZE = 25;

// Filters live in the address (cluster, state, page) beside the time range; each change starts from
// the address as it is now, and replaceState keeps it client-side.
function useFilters() {
  const params = useSearchParams();
  const state = params.get("state");
  const filters = {
    cluster: params.get("cluster") ?? "",
    state: (REPLICA_STATES as readonly string[]).includes(state ?? "") ? (state as TReplicaState) : null,
    page: Math.max(1, Number.parseInt(params.get("page") ?? "1", 10) || 1),
  };
  function set(changes: Record<string, string>) {
    const q = new URLSearchParams(window.location.search);
    for (const [k, v] of Object.entries(changes)) {
      if (v) q.set(k, v);
      else q.delete(k);
    }
    window.history.replaceState(null, "", q.size ? `${window.location.pathname}?${q.toString()}` : window.location.pathname);
  }
  return { filters, set };
}

export function StateBadge({ state }: { state: TReplicaState }) {
  const s = STATE_LABEL[state];
  return (
    <span title={s.help}>
      <StatusBadge tone={s.tone} icon={s.icon}>
        {s.label}
      </StatusBadge>
    </span>
  );
}

function ReplicaTable({ data }: { data: TReplicationResult }) {
  const { rows } = data.replicas;
  return (
    <div className="table-wrap">
      <table className={styles.table}>
        <thead>
          <tr>
            <th scope="col">State</th>
            <th scope="col">Replica</th>
            <th scope="col">Shard</th>
            <th scope="col">Node</th>
            <th scope="col" className={styles.num}>
              Lag now
            </th>
            <th scope="col">Trend (30 min)</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.replica} data-testid="replica-row" data-state={r.state}>
              <td data-label="State">
                <StateBadge state={r.state} />
                {r.rule ? <div className="muted mono">{r.rule}</div> : null}
              </td>
              <td data-label="Replica" className="mono">
                {r.replica}
              </td>
              <td data-label="Shard" className="mono">
                {r.shard}
              </td>
              <td data-label="Node" className="mono">
                {r.node ?? <span className="muted">—</span>}
              </td>
              <td data-label="Lag now" className={`${styles.num} mono`}>
                {r.lag === null ? <span className="muted">no recent sample</span> : fmtSeconds(r.lag)}
              </td>
              <td data-label="Trend">
                <Sparkline values={r.trend.map((v) => v ?? NaN)} floor={0} minSpan={1} label={`Lag of ${r.replica} over the last 30 minutes, now ${fmtSeconds(r.lag)}`} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function ReplicationView() {
  const { filters, set } = useFilters();
  const range = useTimeRange();
  const query = useQuery({
    queryKey: replicationKeys.page({ cluster: filters.cluster, state: filters.state ?? "", page: filters.page, spec: range.specKey }),
    queryFn: () => {
      const r = range.resolve();
      const q = new URLSearchParams({ from: String(r.from), to: String(r.to), step: String(r.step), limit: String(PAGE_SIZE), offset: String((filters.page - 1) * PAGE_SIZE) });
      if (filters.cluster) q.set("cluster", filters.cluster);
      if (filters.state) q.set("state", filters.state);
      return fetchJson<TReplicationResult>(`/api/v1/replication?${q.toString()}`);
    },
    refetchInterval: range.refetchInterval,
    placeholderData: keepPreviousData,
  });
  const data = query.data;
  const pages = data ? Math.max(1, Math.ceil(data.replicas.total / PAGE_SIZE)) : 1;
  const clusters = [...new Set([...(data?.clusters ?? []), filters.cluster].filter(Boolean))];
  return (
    <>
      <form className={`card ${styles.filters}`} aria-label="Filter replicas" onSubmit={(e) => e.preventDefault()}>
        <div className="field">
          <label htmlFor="rep-cluster">Cluster</label>
          <select id="rep-cluster" value={filters.cluster || data?.cluster || ""} onChange={(e) => set({ cluster: e.target.value, page: "" })}>
            {clusters.length === 0 ? <option value="">No clusters</option> : null}
            {clusters.map((c) => (
              <option key={c} value={c}>
                {c}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="rep-state">State</label>
          <select id="rep-state" value={filters.state ?? ""} onChange={(e) => set({ state: e.target.value, page: "" })}>
            <option value="">All states{data ? ` (${data.counts.total})` : ""}</option>
            {REPLICA_STATES.map((s) => (
              <option key={s} value={s}>
                {STATE_LABEL[s].label}
                {data ? ` (${data.counts[s]})` : ""}
              </option>
            ))}
          </select>
        </div>
        <TimeRangePicker updatedAt={query.dataUpdatedAt} />
      </form>
      {query.error ? (
        <div className="alert alert-error" role="alert">
          <span aria-hidden="true">✕</span>
          <div>
            Could not load replication: {query.error.message}.{" "}
            <button type="button" className="btn btn-sm" onClick={() => void query.refetch()}>
              Try again
            </button>
          </div>
        </div>
      ) : null}
      {query.isPending ? (
        <div className="card skeleton" data-testid="replication-loading">
          <span className="visually-hidden">Loading replication…</span>
          {[0, 1, 2, 3].map((i) => (
            <div key={i} className="skeleton-row" aria-hidden="true" />
          ))}
        </div>
      ) : null}
      {data && data.counts.total === 0 ? (
        <section className="card empty" data-testid="replication-empty">
          <p>
            <strong>{data.cluster ? `No replicas report in ${data.cluster}.` : "No replicas report yet."}</strong>
          </p>
          <p>
            Replicas appear here within seconds of their first <code>{'{"type":"replica", …, "lagSeconds": …}'}</code> sample
            {data.clusters.length ? `; clusters with replicas: ${data.clusters.join(", ")}` : ""}.
          </p>
        </section>
      ) : null}
      {data && data.counts.total > 0 ? (
        <>
          <section className={`card ${styles.summary}`} aria-label="Replica states">
            {REPLICA_STATES.map((s) => (
              <div key={s} className={styles.count}>
                <StateBadge state={s} />
                <span className={styles.countValue}>{data.counts[s]}</span>
              </div>
            ))}
          </section>
          <section className="card">
            <LagChart data={data} />
          </section>
          <section className="card" aria-labelledby="replicas-h">
            <h2 id="replicas-h">
              {data.replicas.total} replica{data.replicas.total === 1 ? "" : "s"}
              {filters.state ? <span className="muted"> ({STATE_LABEL[filters.state].label.toLowerCase()})</span> : null}
              <span className="muted"> · worst first</span>
            </h2>
            {data.replicas.rows.length ? (
              <ReplicaTable data={data} />
            ) : (
              <div className="empty" data-testid="replicas-empty">
                <p>
                  <strong>No {filters.state ? STATE_LABEL[filters.state].label.toLowerCase() : ""} replicas on this page.</strong>
                </p>
                <p>{filters.state ? "Choose another state, or all states." : "Go back to the first page."}</p>
              </div>
            )}
            <nav className="pager" aria-label="Pages">
              <button type="button" className="btn btn-sm" disabled={filters.page <= 1} onClick={() => set({ page: filters.page > 2 ? String(filters.page - 1) : "" })}>
                ← Previous
              </button>
              <span className="muted" aria-live="polite">
                Page {Math.min(filters.page, pages)} of {pages}
              </span>
              <button type="button" className="btn btn-sm" disabled={filters.page >= pages} onClick={() => set({ page: String(filters.page + 1) })}>
                Next →
              </button>
            </nav>
          </section>
        </>
      ) : null}
    </>
  );
}
