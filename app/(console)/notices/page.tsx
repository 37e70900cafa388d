import type { Metadata } from "next";
import { headers } from "next/headers";
import { parseNoticeTab } from "@/components/status-admin/format";
import { NoticesView } from "@/components/status-admin/notices-view";
import { can } from "@/lib/auth/actor";
import { getPageContext } from "@/lib/auth/page-actor";

export const metadata: Metadata = { title: "Notices" };

export default async function NoticesPage({ searchParams }: { searchParams: Promise<{ tab?: string | string[] }> }) {
  const [{ tab }, page] = await Promise.all([searchParams, getPageContext(await headers())]);
  if (!page) return null;
  return (
    <>
      <div className="page-head">
        <div>
          <h1>Notices</h1>
          <p className="muted">
            What the public status page says: incidents, SLA-downgrade notices and maintenance. Drafts are prepared from lasting SLO breaches; nothing is public until
            someone publishes it.{can(page.user, "operate") ? "" : " Operators publish; you can follow everything here."}
          </p>
        </div>
      </div>
      <NoticesView tab={parseNoticeTab(tab)} canOperate={can(page.user, "operate")} />
    </>
  );
}
