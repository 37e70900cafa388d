"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useSearchParams } from "next/navigation";
import { useState } from "react";
import { fetchJson } from "@/components/api/fetch-json";
import { cacheKeys } from "@/components/api/dashboard-keys";
import { StatusBadge } from "@/components/ui/status-badge";
import { TimeRangePicker, useTimeRange } from "@/components/ui/time-range-picker";
import type { TCacheResult } from "@/lib/dashboard/schemas";
import { HitRatioChart, HotKeyShareChart, RateChart } from "./cache-charts";
import { fmtPct, fmtPoints, fmtRate, STATUS_LABEL } from "./format";
import styles from "./cache.module.css";

function useFilters() {
  const params = useSearchParams();
  const filters = { cluster: params.get("cluster") ?? "", node: params.get("node") ?? "" };
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

function Status({ s }: { s: keyof typeof STATUS_LABEL }) {
  const x = STATUS_LABEL[s];
  return (
    <StatusBadge tone={x.tone} icon={x.icon}>
      {x.label}
    </StatusBadge>
  );
}

function NodeTable({ data, focus, onFocus }: { data: TCacheResult; focus: string | null; onFocus: (node: string) => void }) {
  return (
    <div className="table-wrap">
      <table className={styles.table}>
        <thead>
          <tr>
            <th scope="col">Node</th>
            <th scope="col">Status</th>
            <th scope="col" className={styles.num}>
              Hit ratio now
            </th>
            <th scope="col" className={styles.num}>
              Baseline
            </th>
            <th scope="col" className={styles.num}>
              Gets
            </th>
            <th scope="col" className={styles.num}>
              Evictions
            </th>
          </tr>
        </thead>
        <tbody>
          {data.nodes.map((n) => {
            const diff = n.hitRatio !== null && n.baseline !== null ? n.hitRatio - n.baseline : null;
            const fires = data.rules.hitDrop && diff !== null && -diff >= data.rules.hitDrop.fireDrop;
            return (
              <tr key={n.node} data-testid="cache-node-row" className={n.node === focus ? styles.focused : undefined}>
                <td data-label="Node">
                  <button
                    type="button"
                    className={`btn btn-sm ${styles.nodeBtn}`}
                    aria-pressed={n.node === focus}
                    onClick={() => onFocus(n.node)}
                    title="Chart this node"
                  >
                    {n.node}
                  </button>
                </td>
                <td data-label="Status">
                  <span className={styles.statuses}>{n.statuses.length ? n.statuses.map((s) => <Status key={s} s={s} />) : <Status s="ok" />}</span>
                </td>
                <td data-label="Hit ratio" className={styles.num}>
                  {fmtPct(n.hitRatio)}
                  {diff !== null ? <div className={fires ? styles.below : "muted"}>{fmtPoints(diff)}</div> : null}
                </td>
                <td data-label="Baseline" className={styles.num}>
                  {n.baseline === null ? <span className="muted">building…</span> : fmtPct(n.baseline)}
                </td>
                <td data-label="Gets" className={styles.num}>
                  {fmtRate(n.getsPerSec)}
                </td>
                <td data-label="Evictions" className={styles.num}>
                  {fmtRate(n.evictionsPerSec)}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

const HOT_KEYS_SHOWN = 10;

function HotKeyTable({ data }: { data: TCacheResult }) {
  const [all, setAll] = useState(false);
  if (!data.hotKeys.length) return <p className="empty">No cache node reports hot keys right now.</p>;
  const rows = all ? data.hotKeys : data.hotKeys.slice(0, HOT_KEYS_SHOWN);
  return (
    <>
      <div className="table-wrap">
        <table className={styles.table}>
          <thead>
            <tr>
              <th scope="col">Key</th>
              <th scope="col">Node</th>
              <th scope="col" className={styles.num}>
                Gets
              </th>
              <th scope="col">Share of node gets</th>
              <th scope="col">Alert</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((k) => (
              <tr key={`${k.node}/${k.key}`} data-testid="hot-key-row" data-alert={k.alert ?? "none"}>
                <td data-label="Key" className="mono">
                  {k.key}
                </td>
                <td data-label="Node" className="mono">
                  {k.node}
                </td>
                <td data-label="Gets" className={styles.num}>
                  {fmtRate(k.perSec)}
                </td>
                <td data-label="Share">
                  <span className="mono">{fmtPct(k.share)}</span>
                  <span className={styles.shareBar} style={{ width: `${Math.round(k.share * 80)}px` }} aria-hidden="true" />
                </td>
                <td data-label="Alert">
                  {k.alert ? (
                    <StatusBadge tone={k.alert === "firing" ? "crit" : "warn"} icon="▲">
                      Hot key · {k.alert}
                    </StatusBadge>
                  ) : (
                    <span className="muted">—</span>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {data.hotKeys.length > HOT_KEYS_SHOWN ? (
        <p className={styles.more}>
          <button type="button" className="btn btn-sm" aria-expanded={all} onClick={() => setAll(!all)}>
            {all ? `Show the top ${HOT_KEYS_SHOWN}` : `Show all ${data.hotKeys.length}`}
          </button>
        </p>
      ) : null}
    </>
  );
}

export function CacheView() {
  const { filters, set } = useFilters();
  const range = useTimeRange();
  const query = useQuery({
    queryKey: cacheKeys.page({ cluster: filters.cluster, node: filters.node, spec: range.specKey }),
    queryFn: () => {
      const r = range.resolve();
      const q = new URLSearchParams({ from: String(r.from), to: String(r.to), step: String(r.step) });
      if (filters.cluster) q.set("cluster", filters.cluster);
      if (filters.node) q.set("node", filters.node);
      return fetchJson<TCacheResult>(`/api/v1/cache?${q.toString()}`);
    },
    refetchInterval: range.refetchInterval,
    placeholderData: keepPreviousData,
  });
  const data = query.data;
  const focus = data?.focus ?? null;
  const clusters = [...new Set([...(data?.clusters ?? []), filters.cluster].filter(Boolean))];
  return (
    <>
      <form className={`card ${styles.filters}`} aria-label="Choose a cache cluster" onSubmit={(e) => e.preventDefault()}>
        <div className="field">
          <label htmlFor="cache-cluster">Cluster</label>
          <select id="cache-cluster" value={filters.cluster || data?.cluster || ""} onChange={(e) => set({ cluster: e.target.value, node: "" })}>
            {clusters.length === 0 ? <option value="">No clusters</option> : null}
            {clusters.map((c) => (
              <option key={c} value={c}>
                {c}
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
            Could not load the cache tier: {query.error.message}.{" "}
            <button type="button" className="btn btn-sm" onClick={() => void query.refetch()}>
              Try again
            </button>
          </div>
        </div>
      ) : null}
      {query.isPending ? (
        <div className="card skeleton" data-testid="cache-loading">
          <span className="visually-hidden">Loading the cache tier…</span>
          {[0, 1, 2, 3].map((i) => (
            <div key={i} className="skeleton-row" aria-hidden="true" />
          ))}
        </div>
      ) : null}
      {data && data.nodes.length === 0 ? (
        <section className="card empty" data-testid="cache-empty">
          <p>
            <strong>{data.cluster ? `No cache nodes report in ${data.cluster}.` : "No cache nodes report yet."}</strong>
          </p>
          <p>
            Cache nodes appear within seconds of their first <code>{'{"type":"cache", …, "hitsPerSec": …}'}</code> sample
            {data.clusters.length ? `; clusters with a cache tier: ${data.clusters.join(", ")}` : ""}.
          </p>
        </section>
      ) : null}
      {data && data.nodes.length > 0 ? (
        <>
          <section className="card" aria-labelledby="nodes-h">
            <h2 id="nodes-h">
              Cache nodes of {data.cluster} <span className="muted">· choose one to chart it</span>
            </h2>
            <NodeTable data={data} focus={focus?.node ?? null} onFocus={(node) => set({ node })} />
          </section>
          {focus ? (
            <section className="card" aria-labelledby="focus-h">
              <h2 id="focus-h">
                <span className="mono">{focus.node}</span> over time
              </h2>
              <figure className={styles.figure}>
                <figcaption>
                  <strong>Hit ratio (%) against its baseline</strong>{" "}
                  <span className="muted">
                    · dashed: the {data.rules.hitDrop?.baselineMinutes ?? 20}-minute baseline the {data.rules.hitDrop?.rule ?? "cache-hit-drop"} rule compares
                    with
                    {data.rules.hitDrop ? `; dotted: ${Math.round(data.rules.hitDrop.fireDrop * 100)} points under it, where the rule fires` : ""}. The baseline
                    needs the in-memory window (last 30 min).
                  </span>
                </figcaption>
                <HitRatioChart focus={focus} rules={data.rules} />
              </figure>
              <div className={styles.pair}>
                <figure>
                  <figcaption>
                    <strong>Gets/s</strong> <span className="muted">(hits + misses)</span>
                  </figcaption>
                  <RateChart focus={focus} which="gets" />
                </figure>
                <figure>
                  <figcaption>
                    <strong>Evictions/s</strong>
                  </figcaption>
                  <RateChart focus={focus} which="evictions" />
                </figure>
              </div>
              <figure className={styles.figure}>
                <figcaption>
                  <strong>Hot keys: share of the node&apos;s gets (%)</strong> <span className="muted">· its {focus.hotKeys.length} hottest keys now</span>
                </figcaption>
                {focus.hotKeys.length ? <HotKeyShareChart focus={focus} rules={data.rules} /> : <p className="empty">This node reports no hot keys.</p>}
              </figure>
            </section>
          ) : (
            <section className="card empty" data-testid="cache-node-missing">
              <p>
                <strong>
                  No cache node {filters.node ? <span className="mono">{filters.node}</span> : null} in {data.cluster}.
                </strong>
              </p>
              <button type="button" className="btn btn-sm" onClick={() => set({ node: "" })}>
                Show the node that needs attention
              </button>
            </section>
          )}
          <section className="card" aria-labelledby="hot-h">
            <h2 id="hot-h">
              Hot keys now <span className="muted">· share of their node&apos;s gets, alerts first</span>
            </h2>
            <HotKeyTable data={data} />
          </section>
        </>
      ) : null}
    </>
  );
}
