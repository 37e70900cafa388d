import type { Metadata } from "next";
import { headers } from "next/headers";
import Link from "next/link";
import { StatusBadge } from "@/components/ui/status-badge";
import { getPageContext } from "@/lib/auth/page-actor";
import { getSystemOverview } from "@/lib/health/system-overview";
import { getRuntime } from "@/lib/runtime";
import { listClusterSummaries, type TClusterSummary } from "@/lib/topology";

function ClusterTable({ clusters }: { clusters: TClusterSummary[] }) {
  return (
    <div className="table-wrap">
      <table>
        <thead>
          <tr>
            <th scope="col">Cluster</th>
            <th scope="col">Shards</th>
            <th scope="col">Nodes</th>
            <th scope="col">Replicas</th>
            <th scope="col">Cache nodes</th>
            <th scope="col">Last telemetry</th>
          </tr>
        </thead>
        <tbody>
          {clusters.map((c) => (
            <tr key={c.name} data-testid="cluster-row">
              <td>
                <strong>{c.displayName ?? c.name}</strong>
                {c.displayName ? <div className="muted mono">{c.name}</div> : null}
              </td>
              <td>{c.shards}</td>
              <td>{c.nodes}</td>
              <td>{c.replicas}</td>
              <td>{c.cacheNodes}</td>
              <td>
                <time dateTime={new Date(c.lastSeenAt).toISOString()}>{new Date(c.lastSeenAt).toLocaleTimeString()}</time>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export const metadata: Metadata = { title: "Overview" };

export default async function OverviewPage() {
  const [page, rt] = await Promise.all([getPageContext(await headers()), getRuntime()]);
  const user = page?.user;
  const [o, clusters] = await Promise.all([getSystemOverview(rt), page ? listClusterSummaries({ ctx: page.ctx }) : []]);
  const db = o.health.checks.database;
  const mig = o.health.checks.migrations;
  return (
    <>
      <div className="page-head">
        <div>
          <h1>Overview</h1>
          <p className="muted">Every watched cluster, most recently heard from first.</p>
        </div>
      </div>
      <section className="card" aria-labelledby="clusters-h">
        <h2 id="clusters-h">Clusters</h2>
        {clusters.length ? (
          <>
            <ClusterTable clusters={clusters} />
            <p className="muted" style={{ marginTop: 12 }}>
              Names and descriptions: <Link href="/settings/topology">Settings → Clusters</Link>. Send more with{" "}
              <code>POST /api/v1/telemetry</code>, remote_write or a scrape target.
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
