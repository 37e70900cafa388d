import type { Metadata } from "next";
import { headers } from "next/headers";
import { Suspense } from "react";
import { AlertsList } from "@/components/alerts/alerts-list";
import { getPageContext } from "@/lib/auth/page-actor";
import { listRules } from "@/lib/detection/rules";
import { listClusterSummaries } from "@/lib/topology";

export const metadata: Metadata = { title: "Alerts" };

export default async function AlertsPage() {
  const page = await getPageContext(await headers());
  const [clusters, rules] = page ? await Promise.all([listClusterSummaries({ ctx: page.ctx }), listRules({ ctx: page.ctx })]) : [[], []];
  return (
    <>
      <div className="page-head">
        <div>
          <h1>Alerts</h1>
          <p className="muted">What the detection rules found, newest onset first. Filters live in the address, so a link shares the view.</p>
        </div>
      </div>
      <Suspense fallback={<p className="muted">Loading alerts…</p>}>
        <AlertsList clusters={clusters.map((c) => c.name)} rules={rules.map((r) => r.name)} />
      </Suspense>
    </>
  );
}
