import { headers } from "next/headers";
import type { ReactNode } from "react";
import { SettingsTabs } from "@/components/settings/settings-tabs";
import { getPageUser } from "@/lib/auth/page-actor";

export default async function SettingsLayout({ children }: { children: ReactNode }) {
  const user = await getPageUser(await headers());
  return (
    <>
      <div className="page-head">
        <div>
          <h1>Settings</h1>
          <p className="muted">Your account, what Shardwatch watches and scrapes, API tokens, people and the audit trail.</p>
        </div>
      </div>
      <SettingsTabs isAdmin={user?.role === "admin"} />
      {children}
    </>
  );
}
