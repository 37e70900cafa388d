import type { Metadata } from "next";
import { headers } from "next/headers";
import { AutomationBanner } from "@/components/mitigations/automation-banner";
import { parseTab } from "@/components/mitigations/format";
import { MitigationsView } from "@/components/mitigations/mitigations-view";
import { can } from "@/lib/auth/actor";
import { getPageContext } from "@/lib/auth/page-actor";

export const metadata: Metadata = { title: "Mitigations" };

export default async function MitigationsPage({ searchParams }: { searchParams: Promise<{ tab?: string | string[] }> }) {
  const [{ tab }, page] = await Promise.all([searchParams, getPageContext(await headers())]);
  if (!page) return null;
  return (
    <>
      <div className="page-head">
        <div>
          <h1>Mitigations</h1>
          <p className="muted">
            What Shardwatch proposes when a shard alert fires, and what it runs once an operator approves.
            {can(page.user, "operate") ? "" : " Operators approve; you can follow everything here."}
          </p>
        </div>
      </div>
      <AutomationBanner isAdmin={can(page.user, "admin")} />
      <MitigationsView tab={parseTab(tab)} />
    </>
  );
}
