import type { Metadata } from "next";
import { headers } from "next/headers";
import Link from "next/link";
import { Forbidden } from "@/components/ui/forbidden";
import { listAudit } from "@/lib/audit/list-audit";
import { getPageContext } from "@/lib/auth/page-actor";

export const metadata: Metadata = { title: "Audit log" };

function Json({ value }: { value: unknown }) {
  return value === null || value === undefined ? <span className="muted">—</span> : <span className="json">{JSON.stringify(value)}</span>;
}

export default async function AuditPage({ searchParams }: { searchParams: Promise<{ before?: string }> }) {
  const session = await getPageContext(await headers());
  if (session?.user.role !== "admin") return <Forbidden need="admin" />;
  const { before } = await searchParams;
  const page = await listAudit({ ctx: session.ctx, input: { before: /^\d+$/.test(before ?? "") ? before : undefined } });
  return (
    <section className="card" aria-labelledby="audit-h">
      <h2 id="audit-h">Audit log</h2>
      <p className="muted">Every change, who made it and what it was before. Entries cannot be edited or deleted.</p>
      {page.entries.length === 0 ? (
        <p className="empty">No entries{before ? " before this point" : " yet"}.</p>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Who</th>
                <th scope="col">What</th>
                <th scope="col">Target</th>
                <th scope="col">Before</th>
                <th scope="col">After</th>
              </tr>
            </thead>
            <tbody>
              {page.entries.map((e) => (
                <tr key={e.id} data-testid="audit-row">
                  <td>
                    <time dateTime={new Date(e.at).toISOString()}>{new Date(e.at).toLocaleString()}</time>
                  </td>
                  <td>{e.actorLabel}</td>
                  <td>
                    <code>{e.action}</code>
                  </td>
                  <td>
                    {e.targetType}
                    {e.targetId ? <div className="muted mono">{e.targetId}</div> : null}
                  </td>
                  <td>
                    <Json value={e.before} />
                  </td>
                  <td>
                    <Json value={e.after} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <div className="pager">
        {before ? (
          <Link className="btn btn-sm" href="/settings/audit">
            Newest
          </Link>
        ) : null}
        {page.nextBefore ? (
          <Link className="btn btn-sm" href={`/settings/audit?before=${page.nextBefore}`}>
            Older
          </Link>
        ) : null}
      </div>
    </section>
  );
}
