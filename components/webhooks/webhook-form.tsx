"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { fetchJson, issueFor } from "@/components/api/fetch-json";
import { Field, FormError, SubmitButton } from "@/components/ui/form";
import { EVENT_TYPES, webhookKeys, type TWebhook } from "./types";

const FIELDS = ["name", "url", "format", "eventTypes", "routingKey"] as const;
const FORMATS = [
  { id: "json", label: "Generic JSON (signed, Standard Webhooks)" },
  { id: "slack", label: "Slack incoming webhook" },
  { id: "pagerduty", label: "PagerDuty Events API v2 (alerts only)" },
];
const EMPTY = { name: "", url: "", format: "json", routingKey: "", eventTypes: ["alert.firing", "alert.resolved"] };

function CreatedSecret({ name, secret, onDone }: { name: string; secret: string; onDone: () => void }) {
  const [copied, setCopied] = useState(false);
  return (
    <div className="alert alert-ok" role="status" data-testid="webhook-secret">
      <div style={{ flex: 1, minWidth: 0 }}>
        <p>
          <strong>Endpoint “{name}” added.</strong> Copy its signing secret now: it is shown only once. Receivers verify the
          <code> webhook-signature</code> header with it.
        </p>
        <div className="secret">
          <code style={{ wordBreak: "break-all" }}>{secret}</code>
          <button type="button" className="btn btn-sm" onClick={() => void navigator.clipboard?.writeText(secret).then(() => setCopied(true))}>
            {copied ? "Copied" : "Copy"}
          </button>
          <button type="button" className="btn btn-sm" onClick={onDone}>
            Done
          </button>
        </div>
      </div>
    </div>
  );
}

export function WebhookForm() {
  const qc = useQueryClient();
  const [form, setForm] = useState(EMPTY);
  const create = useMutation({
    mutationFn: () =>
      fetchJson<{ webhook: TWebhook; secret: string }>("/api/v1/webhooks", {
        method: "POST",
        json: { name: form.name, url: form.url, format: form.format, eventTypes: form.eventTypes, ...(form.format === "pagerduty" ? { routingKey: form.routingKey } : {}) },
      }),
    onSuccess: () => {
      setForm(EMPTY);
      void qc.invalidateQueries({ queryKey: webhookKeys.all });
    },
  });
  const err = create.error;
  const pd = form.format === "pagerduty";
  const types = pd ? EVENT_TYPES.filter((t) => t.startsWith("alert.")) : EVENT_TYPES;

  function submit(e: FormEvent) {
    e.preventDefault();
    create.mutate();
  }
  function setFormat(format: string) {
    setForm({ ...form, format, eventTypes: format === "pagerduty" ? form.eventTypes.filter((t) => t.startsWith("alert.")) : form.eventTypes });
  }

  return (
    <section className="card" aria-labelledby="add-webhook-h">
      <h2 id="add-webhook-h">Add a webhook endpoint</h2>
      <p className="muted">Shardwatch POSTs each event, signed, and retries with backoff for 24 hours. The address is checked when saved and before every send.</p>
      {create.data ? <CreatedSecret name={create.data.webhook.name} secret={create.data.secret} onDone={() => create.reset()} /> : null}
      <form onSubmit={submit} noValidate>
        <div className="form-row">
          <Field id="webhook-name" label="Name" value={form.name} onChange={(e) => setForm({ ...form, name: e.target.value })} error={issueFor(err, "name")} placeholder="e.g. on-call Slack" />
          <Field id="webhook-url" label="URL" value={form.url} onChange={(e) => setForm({ ...form, url: e.target.value })} error={issueFor(err, "url")} placeholder="https://hooks.example.com/shardwatch" />
        </div>
        <div className="form-row">
          <div className="field">
            <label htmlFor="webhook-format">Format</label>
            <select id="webhook-format" value={form.format} onChange={(e) => setFormat(e.target.value)}>
              {FORMATS.map((f) => (
                <option key={f.id} value={f.id}>
                  {f.label}
                </option>
              ))}
            </select>
          </div>
          {pd ? (
            <Field id="webhook-routing-key" label="PagerDuty routing key" value={form.routingKey} onChange={(e) => setForm({ ...form, routingKey: e.target.value })} error={issueFor(err, "routingKey")} autoComplete="off" />
          ) : null}
        </div>
        <fieldset className="checks" style={{ border: 0, padding: 0 }} aria-describedby="webhook-events-err">
          <legend className="legend">Events</legend>
          {types.map((t) => (
            <label key={t}>
              <input
                type="checkbox"
                checked={form.eventTypes.includes(t)}
                onChange={(e) => setForm({ ...form, eventTypes: e.target.checked ? [...form.eventTypes, t] : form.eventTypes.filter((x) => x !== t) })}
              />
              <code>{t}</code>
            </label>
          ))}
          <span id="webhook-events-err" className="field-error">
            {issueFor(err, "eventTypes")}
          </span>
        </fieldset>
        <FormError error={err} fields={FIELDS} />
        <SubmitButton pending={create.isPending} label="Add endpoint" pendingLabel="Checking and adding…" />
      </form>
    </section>
  );
}
