"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { fetchJson } from "@/components/api/fetch-json";
import { StatusBadge } from "@/components/ui/status-badge";
import { autoDisabled, webhookKeys, when, type TWebhook } from "./types";
import { WebhookForm } from "./webhook-form";

export function WebhookState({ w }: { w: TWebhook }) {
  if (autoDisabled(w)) return <StatusBadge tone="crit">Disabled after failures</StatusBadge>;
  if (!w.enabled) return <StatusBadge tone="neutral">Disabled</StatusBadge>;
  if (w.consecutiveFailures > 0) return <StatusBadge tone="warn">Failing</StatusBadge>;
  return <StatusBadge tone="ok">Active</StatusBadge>;
}

/** Tells admins which endpoints the deliverer switched off, and why. */
export function DisabledBanner({ webhooks }: { webhooks: TWebhook[] }) {
  const off = webhooks.filter(autoDisabled);
  if (!off.length) return null;
  return (
    <div className="alert alert-error" role="alert" data-testid="webhooks-disabled-banner">
      <div>
        <strong>
          {off.length === 1 ? "1 webhook endpoint was" : `${off.length} webhook endpoints were`} disabled after repeated failed deliveries.
        </strong>{" "}
        Events for {off.length === 1 ? "it" : "them"} are not being sent. Fix the receiver, then enable {off.length === 1 ? "it" : "them"} again:
        <ul>
          {off.map((w) => (
            <li key={w.id}>
              <Link href={`/settings/webhooks/${w.id}`}>{w.name}</Link> <span className="muted">({w.disabledReason})</span>
            </li>
          ))}
        </ul>
      </div>
    </div>
  );
}

export function WebhooksPanel() {
  const list = useQuery({ queryKey: webhookKeys.list(), queryFn: () => fetchJson<{ webhooks: TWebhook[] }>("/api/v1/webhooks"), refetchInterval: 10_000 });
  const webhooks = list.data?.webhooks;
  return (
    <>
      {webhooks ? <DisabledBanner webhooks={webhooks} /> : null}
      <WebhookForm />
      <section className="card" aria-labelledby="webhooks-h">
        <h2 id="webhooks-h">Endpoints</h2>
        {list.isPending ? <p className="muted">Loading endpoints…</p> : null}
        {list.error ? (
          <div className="alert alert-error" role="alert">
            Could not load webhook endpoints: {list.error.message}
          </div>
        ) : null}
        {webhooks?.length === 0 ? <p className="empty">No webhook endpoints yet.</p> : null}
        {webhooks?.length ? (
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">Endpoint</th>
                  <th scope="col">State</th>
                  <th scope="col">Events</th>
                  <th scope="col">Waiting</th>
                  <th scope="col">Added</th>
                </tr>
              </thead>
              <tbody>
                {webhooks.map((w) => (
                  <tr key={w.id} data-testid="webhook-row">
                    <td>
                      <Link href={`/settings/webhooks/${w.id}`}>{w.name}</Link>
                      <div className="muted mono" style={{ wordBreak: "break-all" }}>
                        {w.url}
                      </div>
                      <div className="muted">{w.format === "json" ? "Generic JSON" : w.format === "slack" ? "Slack" : "PagerDuty"}</div>
                    </td>
                    <td>
                      <WebhookState w={w} />
                      {w.consecutiveFailures > 0 ? <div className="muted">{w.consecutiveFailures} failed deliveries in a row</div> : null}
                    </td>
                    <td>{w.eventTypes.join(", ")}</td>
                    <td>{w.pending}</td>
                    <td>
                      {when(w.createdAt)}
                      {w.createdBy ? <div className="muted">by {w.createdBy}</div> : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : null}
      </section>
    </>
  );
}
