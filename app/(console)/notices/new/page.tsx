import type { Metadata } from "next";
import { headers } from "next/headers";
import Link from "next/link";
import { NewNotice } from "@/components/status-admin/new-notice";
import { Forbidden } from "@/components/ui/forbidden";
import { can } from "@/lib/auth/actor";
import { getPageUser } from "@/lib/auth/page-actor";

export const metadata: Metadata = { title: "New notice" };

export default async function NewNoticePage() {
  const user = await getPageUser(await headers());
  if (!user || !can(user, "operate")) return <Forbidden need="operator" />;
  return (
    <>
      <div className="page-head">
        <div>
          <p className="muted">
            <Link href="/notices">← Notices</Link>
          </p>
          <h1>New notice</h1>
        </div>
      </div>
      <NewNotice />
    </>
  );
}
