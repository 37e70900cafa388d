"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { fetchJson } from "@/components/api/fetch-json";
import { StatusBadge } from "@/components/ui/status-badge";
import { autoDisabled, webhookKeys, when, type TDelivery, type TWebhook } from "./types";
import { WebhookState } from "./webhooks-panel";

const DELIVERY_BADGE: Record<TDelivery["state"], { tone: "ok" | "warn" | "crit" | "neutral"; word: string }> = {
  delivered: { tone: "ok", word: "Delivered" },
  pending: { tone: "warn", word: "Retrying" },
  failed: { tone: "crit", word: "Failed" },
  cancelled: { tone: "neutral", word: "Cancelled" },
};

function DeliveryRow({ d }: { d: TDelivery }) {
  const qc = useQueryClient();
  const resend = useMutation({
    mutationFn: () => fetchJson(`/api/v1/webhook-deliveries/${d.id}:resend`, { method: "POST" }),
    onSettled: () => void qc.invalidateQueries({ queryKey: webhookKeys.all }),
  });
  const badge = d.state === "pending" && d.attempts === 0 ? { tone: "neutral" as const, word: "Queued" } : DELIVERY_BADGE[d.state];
  return (
    <li className="card" style={{ padding: 12, minWidth: 0 }} data-testid="webhook-delivery">
      <div style={{ display: "flex", flexWrap: "wrap", gap: 8, alignItems: "center", justifyContent: "space-between" }}>
        <div>
          <code>{d.eventType}</code> <StatusBadge tone={badge.tone}>{badge.word}</StatusBadge>
          <div className="muted mono" style={{ wordBreak: "break-all" }}>
            {d.eventId}
          </div>
          <div className="muted">
            {d.attempts} attempt{d.attempts === 1 ? "" : "s"}, queued {when(d.createdAt)}
            {d.nextAttemptAt && d.attempts > 0 ? `, next try ${when(d.nextAttemptAt)}` : ""}
            {d.deliveredAt ? `, delivered ${when(d.deliveredAt)}` : ""}
          </div>
        </div>
        <button type="button" className="btn btn-sm" disabled={resend.isPending} onClick={() => resend.mutate()} aria-label={`Resend ${d.eventType} ${d.eventId}`}>
          {resend.isPending ? "Resending…" : "Resend"}
        </button>
      </div>
      {resend.error ? (
        <div className="field-error" role="alert">
          {resend.error.message}
        </div>
      ) : null}
      {d.attemptLog.length ? (
        <div className="table-wrap">
          <table>
            <caption className="muted" style={{ textAlign: "left" }}>
              Attempts, newest first
            </caption>
            <thead>
              <tr>
                <th scope="col">At</th>
                <th scope="col">Answer</th>
                <th scope="col">Latency</th>
                <th scope="col">Response excerpt</th>
              </tr>
            </thead>
            <tbody>
              {d.attemptLog.map((a) => (
                <tr key={a.id}>
                  <td>{when(a.at)}</td>
                  <td>
                    {a.status !== null && a.status >= 200 && a.status < 300 ? (
                      <StatusBadge tone="ok">HTTP {a.status}</StatusBadge>
                    ) : (
                      <StatusBadge tone="crit">{a.status !== null ? `HTTP ${a.status}` : "No answer"}</StatusBadge>
                    )}
                    {a.error && a.status === null ? <div className="muted">{a.error}</div> : null}
                  </td>
                  <td>{a.latencyMs} ms</td>
                  <td className="mono" style={{ wordBreak: "break-all", maxWidth: 360 }}>
                    {a.responseExcerpt ?? <span className="muted">none</span>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </li>
  );
}

export function WebhookDetail({ id }: { id: string }) {
  const qc = useQueryClient();
  const one = useQuery({ queryKey: webhookKeys.one(id), queryFn: () => fetchJson<{ webhook: TWebhook }>(`/api/v1/webhooks/${id}`), refetchInterval: 5_000 });
  const deliveries = useQuery({
    queryKey: webhookKeys.deliveries(id),
    queryFn: () => fetchJson<{ deliveries: TDelivery[] }>(`/api/v1/webhooks/${id}/deliveries?limit=25`),
    refetchInterval: 5_000,
  });
  const done = { onSettled: () => void qc.invalidateQueries({ queryKey: webhookKeys.all }) };
  const w = one.data?.webhook;
  const toggle = useMutation({ mutationFn: () => fetchJson(`/api/v1/webhooks/${id}`, { method: "PATCH", json: { enabled: !w?.enabled } }), ...done });
  const test = useMutation({ mutationFn: () => fetchJson<{ eventId: string }>(`/api/v1/webhooks/${id}:test`, { method: "POST" }), ...done });
  if (one.error) {
    return (
      <div className="alert alert-error" role="alert">
        Could not load this endpoint: {one.error.message} <Link href="/settings/webhooks">Back to webhooks</Link>
      </div>
    );
  }
  if (!w) return <p className="muted">Loading endpoint…</p>;
  const failure = toggle.error ?? test.error;
  return (
    <>
      <p>
        <Link href="/settings/webhooks">← All webhooks</Link>
      </p>
      <section className="card" aria-labelledby="webhook-h">
        <h2 id="webhook-h">{w.name}</h2>
        {autoDisabled(w) ? (
          <div className="alert alert-error" role="alert">
            Disabled by Shardwatch {when(w.disabledAt)}: {w.disabledReason}. Enable it once the receiver works again.
          </div>
        ) : null}
        <dl className="kv">
          <dt>State</dt>
          <dd>
            <WebhookState w={w} />
          </dd>
          <dt>URL</dt>
          <dd className="mono" style={{ wordBreak: "break-all" }}>
            {w.url}
          </dd>
          <dt>Format</dt>
          <dd>
            {w.format}
            {w.routingKeyHint ? ` (routing key ${w.routingKeyHint})` : ""}
          </dd>
          <dt>Events</dt>
          <dd>{w.eventTypes.join(", ")}</dd>
          <dt>Waiting</dt>
          <dd>{w.pending} deliveries</dd>
        </dl>
        <div style={{ display: "flex", flexWrap: "wrap", gap: 8 }}>
          <button type="button" className="btn" disabled={toggle.isPending} onClick={() => toggle.mutate()}>
            {w.enabled ? "Disable" : "Enable"}
          </button>
          <button type="button" className="btn" disabled={test.isPending} onClick={() => test.mutate()}>
            {test.isPending ? "Queuing…" : "Send test event"}
          </button>
        </div>
        {test.data ? (
          <div className="alert alert-ok" role="status">
            Test event {test.data.eventId} queued; its attempts appear below.
          </div>
        ) : null}
        {failure ? (
          <div className="field-error" role="alert">
            {failure.message}
          </div>
        ) : null}
      </section>
      <section className="card" aria-labelledby="deliveries-h">
        <h2 id="deliveries-h">Recent deliveries</h2>
        {deliveries.isPending ? <p className="muted">Loading deliveries…</p> : null}
        {deliveries.data?.deliveries.length === 0 ? <p className="empty">Nothing sent to this endpoint yet.</p> : null}
        <ul style={{ listStyle: "none", padding: 0, display: "grid", gridTemplateColumns: "minmax(0, 1fr)", gap: 8 }}>
          {deliveries.data?.deliveries.map((d) => (
            <DeliveryRow key={d.id} d={d} />
          ))}
        </ul>
      </section>
    </>
  );
}
