import type { Metadata } from "next";
import { headers } from "next/headers";
import { getPageUser } from "@/lib/auth/page-actor";

export const metadata: Metadata = { title: "Account" };

const ALLOWS: Record<string, string> = {
  viewer: "see dashboards, alerts and the status page drafts",
  operator: "everything a viewer can, plus approve mitigations, edit rules and silence alerts",
  admin: "everything, including people, roles, API tokens and the audit log",
};

export default async function AccountPage() {
  const user = await getPageUser(await headers());
  if (!user) return null;
  return (
    <section className="card" aria-labelledby="account-h">
      <h2 id="account-h">Your account</h2>
      <dl className="grid">
        <div className="stat">
          <dt className="muted">Name</dt>
          <dd style={{ margin: 0 }}>{user.name}</dd>
        </div>
        <div className="stat">
          <dt className="muted">Email</dt>
          <dd style={{ margin: 0 }}>{user.email}</dd>
        </div>
        <div className="stat">
          <dt className="muted">Role</dt>
          <dd style={{ margin: 0 }}>
            <strong>{user.role}</strong> — you can {ALLOWS[user.role]}.
          </dd>
        </div>
      </dl>
    </section>
  );
}
