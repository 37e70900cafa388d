import type { Metadata } from "next";
import { headers } from "next/headers";
import Link from "next/link";
import { RulesTable } from "@/components/rules/rules-table";
import { getPageContext } from "@/lib/auth/page-actor";
import { listRules } from "@/lib/detection/rules";

export const metadata: Metadata = { title: "Rules" };

export default async function RulesPage() {
  const page = await getPageContext(await headers());
  if (!page) return null;
  const rules = await listRules({ ctx: page.ctx });
  const canEdit = page.user.role !== "viewer";
  const broken = rules.filter((r) => r.disabledReason).length;
  return (
    <>
      <div className="page-head">
        <div>
          <h1>Rules</h1>
          <p className="muted">What the detection engine looks for, every few seconds. Latency is onset to firing over the last 7 days.</p>
        </div>
        {canEdit ? (
          <Link className="btn btn-primary" href="/rules/new">
            New rule
          </Link>
        ) : null}
      </div>
      {broken ? (
        <div className="alert alert-error" role="alert">
          {broken} rule{broken === 1 ? " is" : "s are"} disabled because evaluating {broken === 1 ? "it" : "them"} failed: see the reason in the row.
        </div>
      ) : null}
      <section className="card" aria-labelledby="rules-h">
        <h2 id="rules-h">Detection rules</h2>
        {rules.length ? <RulesTable rules={rules} /> : <p className="empty">No rules yet.</p>}
      </section>
    </>
  );
}
