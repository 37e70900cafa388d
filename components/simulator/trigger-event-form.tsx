"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { fetchJson, issueFor } from "@/components/api/fetch-json";
import { Field, FormError, SubmitButton } from "@/components/ui/form";
import { simulatorKeys, type TSimStatus } from "./types";

type TInput = { name: string; label: string; kind: "text" | "number" | "bool"; value: string; hint?: string };
const t = (name: string, label: string, value = "", hint?: string): TInput => ({ name, label, kind: "text", value, hint });
const n = (name: string, label: string, value: string): TInput => ({ name, label, kind: "number", value });
const DURATION = n("duration", "Duration (minutes)", "10");

/** Each event type and the fields it takes (see the scenario format in docs/simulator.md). */
const EVENT_FIELDS: Record<string, { label: string; fields: TInput[] }> = {
  "celebrity-key": {
    label: "Celebrity key",
    fields: [t("key", "Key", "customer:3"), n("multiplier", "Traffic ×", "30"), n("readFraction", "Share of reads (0–1)", "0.2"), DURATION],
  },
  "hot-range": {
    label: "Hot range (sequential inserts)",
    fields: [t("shard", "Shard", "s-12"), n("qps", "Extra writes/s", "4000"), n("ramp", "Ramp (seconds)", "60"), DURATION],
  },
  "warm-node": { label: "Warm shards on one node", fields: [t("node", "Node"), n("shards", "Shards", "3"), n("multiplier", "Traffic ×", "3"), DURATION] },
  surge: { label: "Fleet-wide surge", fields: [n("multiplier", "Traffic ×", "2"), n("ramp", "Ramp (seconds)", "60"), DURATION] },
  "node-failure": { label: "Node failure", fields: [t("node", "Node"), DURATION] },
  "slow-replica": { label: "Slow replica", fields: [t("replica", "Replica", "s-05-r1"), n("factor", "Apply speed (0–1)", "0.05"), DURATION] },
  "replica-partition": {
    label: "Replica cut off",
    fields: [t("replica", "Replica", "s-03-r1"), { name: "reports", label: "Keeps reporting lag", kind: "bool", value: "true" }, DURATION],
  },
  "replica-stall": { label: "Replica stalls (reports 0 lag)", fields: [t("replica", "Replica", "s-04-r1"), DURATION] },
  "cache-restart": { label: "Cache node restarts cold", fields: [t("node", "Cache node")] },
  "cache-stampede": { label: "Cache stampede", fields: [n("keys", "Hottest keys expiring", "50"), n("duration", "Duration (minutes)", "2")] },
  "shard-added": { label: "Shard added", fields: [t("shard", "Carved out of shard", "s-20"), n("fraction", "Share of its range (0–1)", "0.05")] },
  spike: { label: "One-sample spike", fields: [t("shard", "Shard", "s-07"), n("multiplier", "Traffic ×", "3")] },
  "lag-blip": { label: "One-step lag blip", fields: [t("replica", "Replica", "s-02-r1"), n("seconds", "Seconds", "4")] },
};

function bodyOf(type: string, cluster: string, values: Record<string, string>): Record<string, unknown> {
  const body: Record<string, unknown> = { type, cluster };
  for (const f of EVENT_FIELDS[type]!.fields) {
    const v = values[f.name] ?? f.value;
    if (f.kind === "bool") body[f.name] = v === "true";
    else if (f.name === "duration") body.duration = v.trim() === "" ? undefined : `${v.trim()}m`;
    else if (f.kind === "number") body[f.name] = v.trim() === "" ? undefined : Number.isFinite(Number(v)) ? Number(v) : v;
    else body[f.name] = v;
  }
  return body;
}

export function TriggerEventForm({ status }: { status: TSimStatus }) {
  const qc = useQueryClient();
  const [type, setType] = useState("celebrity-key");
  const [cluster, setCluster] = useState(status.clusters[0]?.name ?? "");
  const [values, setValues] = useState<Record<string, string>>({});
  const trigger = useMutation({
    mutationFn: () =>
      fetchJson<{ event: { id: string; description: string } }>("/api/v1/simulator/events", { method: "POST", json: bodyOf(type, cluster, values) }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: simulatorKeys.all }),
  });
  const spec = EVENT_FIELDS[type]!;
  function submit(e: FormEvent) {
    e.preventDefault();
    trigger.mutate();
  }
  return (
    <section className="card" aria-labelledby="sim-trigger-h">
      <h2 id="sim-trigger-h">Trigger an event now</h2>
      {trigger.data ? (
        <div className="alert alert-ok" role="status">
          Started: {trigger.data.event.description}.
        </div>
      ) : null}
      <FormError error={trigger.error} fields={["type", "cluster", ...spec.fields.map((f) => f.name)]} />
      <form onSubmit={submit} noValidate>
        <div className="form-row">
          <div className="field">
            <label htmlFor="event-type">Event</label>
            <select id="event-type" value={type} onChange={(e) => (setType(e.target.value), setValues({}), trigger.reset())}>
              {Object.entries(EVENT_FIELDS).map(([k, v]) => (
                <option key={k} value={k}>
                  {v.label}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="event-cluster">Cluster</label>
            <select id="event-cluster" value={cluster} onChange={(e) => setCluster(e.target.value)}>
              {status.clusters.map((c) => (
                <option key={c.name}>{c.name}</option>
              ))}
            </select>
          </div>
        </div>
        <div className="form-row">
          {spec.fields.map((f) =>
            f.kind === "bool" ? (
              <label key={f.name} className="checkbox">
                <input
                  type="checkbox"
                  checked={(values[f.name] ?? f.value) === "true"}
                  onChange={(e) => setValues({ ...values, [f.name]: String(e.target.checked) })}
                />{" "}
                {f.label}
              </label>
            ) : (
              <Field
                key={`${type}-${f.name}`}
                id={`event-${f.name}`}
                label={f.label}
                value={values[f.name] ?? f.value}
                inputMode={f.kind === "number" ? "decimal" : undefined}
                onChange={(e) => setValues({ ...values, [f.name]: e.target.value })}
                error={issueFor(trigger.error, f.name)}
                placeholder={f.hint}
              />
            ),
          )}
        </div>
        <SubmitButton pending={trigger.isPending} label="Start event" pendingLabel="Starting…" />
      </form>
    </section>
  );
}
