"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { fetchJson, issueFor } from "@/components/api/fetch-json";
import { noticeKeys, statusComponentKeys } from "@/components/api/query-keys";
import { Field, FormError } from "@/components/ui/form";
import { ComponentLevelsField, type TPicked } from "./component-levels-field";
import { fromLocalInput, toLocalInput, type TNotice } from "./format";
import styles from "./status-admin.module.css";
import { useStatusComponents } from "./use-status-components";

// An incident starts as a draft (the editor then publishes it); maintenance is scheduled and published
// in one step, since scheduling is itself the person's decision.

const HOUR = 3_600_000;

export function NewNotice() {
  const qc = useQueryClient();
  const router = useRouter();
  const components = useStatusComponents();
  const [kind, setKind] = useState<"incident" | "sla_downgrade" | "maintenance">("incident");
  const [title, setTitle] = useState("");
  const [picked, setPicked] = useState<TPicked>({});
  const [message, setMessage] = useState("");
  const [from, setFrom] = useState(() => toLocalInput(Math.ceil(Date.now() / HOUR) * HOUR + HOUR));
  const [until, setUntil] = useState(() => toLocalInput(Math.ceil(Date.now() / HOUR) * HOUR + 2 * HOUR));
  const maintenance = kind === "maintenance";
  const create = useMutation({
    mutationFn: () => {
      const json = maintenance
        ? { kind, title, componentIds: Object.keys(picked), scheduledFor: fromLocalInput(from), scheduledUntil: fromLocalInput(until), message }
        : { kind, title, components: Object.entries(picked).map(([componentId, level]) => ({ componentId, level })), ...(message.trim() ? { message } : {}) };
      return fetchJson<{ notice: TNotice }>("/api/v1/notices", { method: "POST", json }).then((r) => r.notice);
    },
    onSuccess: async (n) => {
      await qc.invalidateQueries({ queryKey: noticeKeys.all });
      await qc.invalidateQueries({ queryKey: statusComponentKeys.all });
      router.push(`/notices/${n.id}`);
    },
  });
  const err = (p: string) => issueFor(create.error, p);
  return (
    <section className="card" aria-labelledby="new-h">
      <h2 id="new-h">Details</h2>
      <form
        className={styles.form}
        onSubmit={(e) => {
          e.preventDefault();
          create.mutate();
        }}
      >
        <fieldset className={`field ${styles.fieldset}`}>
          <legend className="legend">Kind</legend>
          <div className="checks">
            {(
              [
                ["incident", "Incident"],
                ["sla_downgrade", "SLA downgrade"],
                ["maintenance", "Scheduled maintenance"],
              ] as const
            ).map(([k, label]) => (
              <label key={k}>
                <input type="radio" name="kind" value={k} checked={kind === k} onChange={() => setKind(k)} /> {label}
              </label>
            ))}
          </div>
        </fieldset>
        <Field id="new-title" label="Title" value={title} onChange={(e) => setTitle(e.target.value)} error={err("title")} required />
        {components.error ? (
          <div className="alert alert-error" role="alert">
            Could not load components: {components.error.message}
          </div>
        ) : components.data ? (
          <ComponentLevelsField
            components={components.data}
            value={maintenance ? Object.fromEntries(Object.keys(picked).map((id) => [id, "under_maintenance"])) : picked}
            onChange={(v) => setPicked(maintenance ? Object.fromEntries(Object.keys(v).map((id) => [id, "under_maintenance"])) : v)}
            error={err("components") ?? err("componentIds")}
          />
        ) : (
          <p className="muted">Loading components…</p>
        )}
        {maintenance ? (
          <div className="form-row">
            <Field id="from" label="Starts (UTC)" type="datetime-local" value={from} onChange={(e) => setFrom(e.target.value)} error={err("scheduledFor")} />
            <Field id="until" label="Ends (UTC)" type="datetime-local" value={until} onChange={(e) => setUntil(e.target.value)} error={err("scheduledUntil")} />
          </div>
        ) : null}
        <div className="field">
          <label htmlFor="new-message">{maintenance ? "Message (public)" : "First message (public, can be written later)"}</label>
          <textarea id="new-message" className={styles.textarea} value={message} onChange={(e) => setMessage(e.target.value)} aria-describedby="new-message-err" />
          <span id="new-message-err" className="field-error">
            {err("message")}
          </span>
        </div>
        <FormError error={create.error} fields={["title", "components", "componentIds", "message", "scheduledFor", "scheduledUntil"]} />
        <button type="submit" className="btn btn-primary" disabled={create.isPending}>
          {maintenance ? (create.isPending ? "Scheduling…" : "Schedule and publish") : create.isPending ? "Creating…" : "Create draft"}
        </button>
      </form>
    </section>
  );
}
