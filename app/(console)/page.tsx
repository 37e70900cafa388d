import type { Metadata } from "next";
import { headers } from "next/headers";
import Link from "next/link";
import { StatusBadge } from "@/components/ui/status-badge";
import { getPageUser } from "@/lib/auth/page-actor";
import { getSystemOverview } from "@/lib/health/system-overview";
import { getRuntime } from "@/lib/runtime";

export const metadata: Metadata = { title: "Overview" };

export default async function OverviewPage() {
  const [user, rt] = await Promise.all([getPageUser(await headers()), getRuntime()]);
  const o = await getSystemOverview(rt);
  const db = o.health.checks.database;
  const mig = o.health.checks.migrations;
  return (
    <>
      <div className="page-head">
        <div>
          <h1>Overview</h1>
          <p className="muted">Every watched cluster, most urgent first.</p>
        </div>
      </div>
      <section className="card" aria-labelledby="clusters-h">
        <h2 id="clusters-h">Clusters</h2>
        <div className="empty">
          <p>
            <strong>No telemetry yet.</strong> Clusters appear here the moment their first sample arrives.
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
        <pre aria-label="Example request">{`curl -X POST ${rt.env.baseUrl}/api/v1/telemetry \\
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
              {rt.migrationCount} migration{rt.migrationCount === 1 ? "" : "s"} applied
            </span>
          </div>
          <div className="card stat">
            <span className="muted">People</span>
            <span className="value">{o.users}</span>
            <span className="muted">{o.activeTokens} active API tokens</span>
          </div>
        </div>
      </section>
    </>
  );
}
