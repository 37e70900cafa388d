"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { fetchJson } from "@/components/api/fetch-json";
import { formatDuration, formatRuleValue } from "@/components/alerts/format";
import { StatusBadge } from "@/components/ui/status-badge";
import { TimeRangePicker, useTimeRange } from "@/components/ui/time-range-picker";
import type { TShardDetail } from "@/lib/dashboard/cluster/schemas";
import styles from "./cluster.module.css";
import { formatMetric, pct } from "./format";
import { clusterKeys } from "./keys";
import { SHARD_CHARTS } from "./shard-charts-spec";
import { ShardMetricChart } from "./shard-metric-chart";

function Facts({ d }: { d: TShardDetail }) {
  return (
    <dl className={styles.facts}>
      <dt>Node</dt>
      <dd className="mono">{d.node ?? "—"}</dd>
      <dt>Key range</dt>
      <dd className="mono" data-testid="key-range">
        {d.keyStart !== null || d.keyEnd !== null ? `${d.keyStart ?? "?"} – ${d.keyEnd ?? "?"}` : "not reported"}
      </dd>
      <dt>Now</dt>
      <dd>
        {formatMetric("qps", d.now.qps)}
        {d.now.share !== null && d.now.fairShare !== null ? ` · ${pct(d.now.share)} of the cluster (fair ${pct(d.now.fairShare)})` : ""} · p99{" "}
        {formatMetric("p99Ms", d.now.p99Ms)} · CPU {formatMetric("cpu", d.now.cpu)}
      </dd>
    </dl>
  );
}

function Replicas({ d }: { d: TShardDetail }) {
  return (
    <section className="card" aria-labelledby="replicas-h">
      <h2 id="replicas-h">Replicas</h2>
      {d.replicas.length ? (
        <div className="table-wrap">
          <table data-testid="replicas">
            <thead>
              <tr>
                <th scope="col">Replica</th>
                <th scope="col">Node</th>
                <th scope="col" className={styles.num}>
                  Lag now
                </th>
              </tr>
            </thead>
            <tbody>
              {d.replicas.map((r) => (
                <tr key={r.replica}>
                  <td className="mono">{r.replica}</td>
                  <td className="mono">{r.node ?? "—"}</td>
                  <td className={styles.num}>
                    {r.lagSeconds === null ? <span className="muted">no recent report</span> : `${r.lagSeconds.toFixed(r.lagSeconds < 10 ? 2 : 0)} s`}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p className="empty">This shard reports no replicas.</p>
      )}
      <p>
        <Link href={`/replication?cluster=${encodeURIComponent(d.cluster)}`}>Replication of {d.cluster}</Link>
      </p>
    </section>
  );
}

function Episodes({ d }: { d: TShardDetail }) {
  return (
    <section className="card" aria-labelledby="episodes-h">
      <h2 id="episodes-h">Hot-spot history</h2>
      {d.episodes.length ? (
        <div className="table-wrap">
          <table data-testid="episodes">
            <thead>
              <tr>
                <th scope="col">Start</th>
                <th scope="col">End</th>
                <th scope="col">Duration</th>
                <th scope="col">Rule</th>
                <th scope="col">Value at last evaluation</th>
              </tr>
            </thead>
            <tbody>
              {d.episodes.map((e) => (
                <tr key={e.id}>
                  <td>
                    <time dateTime={new Date(e.start).toISOString()}>{new Date(e.start).toLocaleString()}</time>
                  </td>
                  <td>
                    {e.end === null ? (
                      <StatusBadge tone="crit">Still hot</StatusBadge>
                    ) : (
                      <time dateTime={new Date(e.end).toISOString()}>{new Date(e.end).toLocaleTimeString()}</time>
                    )}
                  </td>
                  <td>{formatDuration(e.durationMs)}</td>
                  <td>
                    <Link className="mono" href={`/alerts/${e.id}`}>
                      {e.rule}
                    </Link>
                  </td>
                  <td>{formatRuleValue(e.value, e.kind, { metric: e.metric })}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p className="empty">No hot-shard or threshold alert has fired on this shard.</p>
      )}
    </section>
  );
}

export function ShardDetail({ initial }: { initial: TShardDetail }) {
  const range = useTimeRange();
  const q = useQuery({
    queryKey: clusterKeys.shard(initial.cluster, initial.shard),
    queryFn: () => fetchJson<TShardDetail>(`/api/v1/clusters/${encodeURIComponent(initial.cluster)}/shards/${encodeURIComponent(initial.shard)}`),
    initialData: initial,
    refetchInterval: range.refetchInterval || false,
    placeholderData: keepPreviousData,
  });
  const d = q.data;
  return (
    <>
      <div className={styles.toolbar}>
        <TimeRangePicker updatedAt={q.dataUpdatedAt} />
      </div>
      {q.error ? (
        <div className="alert alert-error" role="alert">
          Could not refresh the shard: {q.error.message}
        </div>
      ) : null}
      <section className="card" aria-label="Where the shard lives">
        <Facts d={d} />
      </section>
      <div className={styles.charts}>
        {SHARD_CHARTS.map((spec) => (
          <ShardMetricChart key={spec.metric} spec={spec} detail={d} range={range} />
        ))}
      </div>
      <Episodes d={d} />
      <Replicas d={d} />
    </>
  );
}
