import type { Metadata } from "next";
import { headers } from "next/headers";
import Link from "next/link";
import { AutoRefresh } from "@/components/ui/auto-refresh";
import { Sparkline } from "@/components/ui/sparkline";
import { StatusBadge } from "@/components/ui/status-badge";
import { getClusterHealth } from "@/lib/dashboard/get-overview";
import type { TClusterHealth } from "@/lib/dashboard/cluster-health";
import { getPageContext } from "@/lib/auth/page-actor";
import { getSystemOverview } from "@/lib/health/system-overview";
import { getRuntime } from "@/lib/runtime";
import { listClusterSummaries, type TClusterSummary } from "@/lib/topology";

const STATUS: Record<TClusterHealth["status"], { tone: "ok" | "warn" | "crit" | "neutral"; label: string }> = {
  critical: { tone: "crit", label: "Critical" },
  warning: { tone: "warn", label: "Warning" },
  pending: { tone: "neutral", label: "Pending" },
  ok: { tone: "ok", label: "OK" },
  "no-data": { tone: "neutral", label: "No data" },
};

const pct = (f: number) => `${(f * 100).toFixed(f < 0.1 ? 1 : 0)}%`;

type TRow = { summary: TClusterSummary; health: TClusterHealth | undefined };

/** Most urgent first: the health order, then clusters with nothing in the live window. */
function rowsOf(clusters: TClusterSummary[], health: TClusterHealth[]): TRow[] {
  const byName = new Map(clusters.map((c) => [c.name, c]));
  const seen = new Set<string>();
  const rows: TRow[] = [];
  for (const h of health) {
    const summary = byName.get(h.cluster);
    if (!summary) continue;
    rows.push({ summary, health: h });
    seen.add(h.cluster);
  }
  for (const c of clusters) if (!seen.has(c.name)) rows.push({ summary: c, health: undefined });
  return rows;
}

function ClusterTable({ rows }: { rows: TRow[] }) {
  return (
    <div className="table-wrap">
      <table>
        <thead>
          <tr>
            <th scope="col">Status</th>
            <th scope="col">Cluster</th>
            <th scope="col">Skew (Gini of shard qps)</th>
            <th scope="col">Hottest shard</th>
            <th scope="col">Worst replica lag</th>
            <th scope="col">Cache hit ratio</th>
            <th scope="col">Alerts</th>
            <th scope="col">Last telemetry</th>
          </tr>
        </thead>
        <tbody>
          {rows.map(({ summary: c, health: h }) => {
            const status = STATUS[h?.status ?? "no-data"];
            return (
              <tr key={c.name} data-testid="cluster-row">
                <td>
                  <StatusBadge tone={status.tone}>{status.label}</StatusBadge>
                </td>
                <td>
                  <Link href={`/clusters/${encodeURIComponent(c.name)}`}>
                    <strong>{c.displayName ?? c.name}</strong>
                  </Link>
                  {c.displayName ? <div className="muted mono">{c.name}</div> : null}
                  <div className="muted">
                    {c.shards} shards · {c.nodes} nodes · {c.replicas} replicas · {c.cacheNodes} cache nodes
                  </div>
                </td>
                <td>
                  {h?.skew != null ? (
                    <span className="cell-trend">
                      <span className="mono">{h.skew.toFixed(2)}</span>
                      <Sparkline values={h.skewHistory} floor={0} minSpan={0.25} label={`Skew over the last 30 minutes, now ${h.skew.toFixed(2)}`} />
                    </span>
                  ) : (
                    <span className="muted">no data</span>
                  )}
                </td>
                <td>
                  {h?.hottest ? (
                    <>
                      <Link className="mono" href={`/clusters/${encodeURIComponent(c.name)}/shards/${encodeURIComponent(h.hottest.shard)}`}>
                        {h.hottest.shard}
                      </Link>{" "}
                      takes {pct(h.hottest.share)}
                      <div className="muted">fair share {pct(h.hottest.fairShare)}</div>
                    </>
                  ) : (
                    <span className="muted">no data</span>
                  )}
                </td>
                <td>
                  {h?.worstLag ? (
                    <>
                      {h.worstLag.seconds.toFixed(h.worstLag.seconds < 10 ? 2 : 0)} s<div className="muted mono">{h.worstLag.replica}</div>
                    </>
                  ) : (
                    <span className="muted">no replicas</span>
                  )}
                </td>
                <td>{h?.cacheHitRatio != null ? pct(h.cacheHitRatio) : <span className="muted">no cache</span>}</td>
                <td>
                  {h && (h.firing || h.pending) ? (
                    <Link href={`/alerts?cluster=${encodeURIComponent(c.name)}`}>
                      {h.firing} firing{h.pending ? `, ${h.pending} pending` : ""}
                    </Link>
                  ) : (
                    <span className="muted">none</span>
                  )}
                </td>
                <td>
                  <time dateTime={new Date(c.lastSeenAt).toISOString()}>{new Date(c.lastSeenAt).toLocaleTimeString()}</time>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

export const metadata: Metadata = { title: "Overview" };

export default async function OverviewPage() {
  const [page, rt] = await Promise.all([getPageContext(await headers()), getRuntime()]);
  const user = page?.user;
  const [o, clusters, health] = await Promise.all([
    getSystemOverview(rt),
    page ? listClusterSummaries({ ctx: page.ctx }) : [],
    page ? getClusterHealth({ ctx: page.ctx, store: rt.telemetry.store, sql: rt.db.sql }) : [],
  ]);
  const db = o.health.checks.database;
  const mig = o.health.checks.migrations;
  return (
    <>
      <div className="page-head">
        <div>
          <h1>Overview</h1>
          <p className="muted">Every watched cluster, the most urgent first.</p>
        </div>
        <AutoRefresh seconds={5} />
      </div>
      <section className="card" aria-labelledby="clusters-h">
        <h2 id="clusters-h">Clusters</h2>
        {clusters.length ? (
          <>
            <ClusterTable rows={rowsOf(clusters, health)} />
            <p className="muted" style={{ marginTop: 12 }}>
              Names and descriptions: <Link href="/settings/topology">Settings → Clusters</Link>. Send more with <code>POST /api/v1/telemetry</code>,
              remote_write or a scrape target.
            </p>
          </>
        ) : null}
        <div className="empty" hidden={clusters.length > 0}>
          <p>
            <strong>No telemetry yet.</strong> Clusters appear here within seconds of their first sample.
          </p>
          <p>
            Push samples to <code>POST /api/v1/telemetry</code> with a token that has the <code>ingest</code> scope
            {user?.role === "admin" ? (
              <>
                {" "}
                (<Link href="/settings/tokens">create one</Link>)
              </>
            ) : null}
            .
          </p>
        </div>
        <pre aria-label="Example request" hidden={clusters.length > 0}>{`curl -X POST ${rt.env.baseUrl}/api/v1/telemetry \\
  -H "Authorization: Bearer $SHARDWATCH_TOKEN" -H "Content-Type: application/json" \\
  -d '{"samples":[{"type":"shard","cluster":"orders","shard":"s-07","node":"db-3",
        "ts":'$(date +%s000)',"qps":1200,"p99Ms":14.2,"cpu":0.71}]}'`}</pre>
      </section>
      <section aria-labelledby="system-h">
        <h2 id="system-h">This Shardwatch</h2>
        <div className="grid">
          <div className="card stat">
            <span className="muted">Database</span>
            <span className="value">
              <StatusBadge tone={db.status === "ok" ? "ok" : "crit"}>{db.status === "ok" ? "Reachable" : "Down"}</StatusBadge>
            </span>
            <span className="muted">{o.database}</span>
          </div>
          <div className="card stat">
            <span className="muted">Schema</span>
            <span className="value">
              <StatusBadge tone={mig.status === "current" ? "ok" : "warn"}>{mig.status === "current" ? "Up to date" : mig.status}</StatusBadge>
            </span>
            <span className="muted">
              {rt.migrations.length} migration{rt.migrations.length === 1 ? "" : "s"} applied
            </span>
          </div>
          <div className="card stat">
            <span className="muted">People</span>
            <span className="value">{o.users}</span>
            <span className="muted">
              {o.activeTokens} active API token{o.activeTokens === 1 ? "" : "s"}
            </span>
          </div>
        </div>
      </section>
    </>
  );
}
