"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { fetchJson, issueFor } from "@/components/api/fetch-json";
import { ActionsHeader, Field, FormError, SubmitButton } from "@/components/ui/form";
import { StatusBadge } from "@/components/ui/status-badge";

type TStatus = "ok" | "failing" | "disabled" | "never";
type TTarget = {
  id: string;
  name: string;
  url: string;
  intervalSeconds: number;
  timeoutSeconds: number;
  cluster: string | null;
  enabled: boolean;
  status: TStatus;
  lastScrapeAt: number | null;
  lastError: string | null;
  lastDurationMs: number | null;
  lastSampleCount: number | null;
  consecutiveFailures: number;
};

export const scrapeTargetKeys = { all: ["scrape-targets"] as const, list: () => [...scrapeTargetKeys.all, "list"] as const };
const FIELDS = ["name", "url", "intervalSeconds", "timeoutSeconds", "cluster"] as const;
const EMPTY = { name: "", url: "", intervalSeconds: "15", timeoutSeconds: "5", cluster: "" };
const BADGE: Record<TStatus, { tone: "ok" | "crit" | "neutral"; word: string }> = {
  ok: { tone: "ok", word: "OK" },
  failing: { tone: "crit", word: "Failing" },
  disabled: { tone: "neutral", word: "Disabled" },
  never: { tone: "neutral", word: "Never scraped" },
};
const when = (ms: number | null) => (ms ? new Date(ms).toLocaleString() : "never");
// A number when it reads as one; otherwise the text, so the server names the problem.
const seconds = (v: string) => (v.trim() === "" ? undefined : Number.isFinite(Number(v)) ? Number(v) : v);

function AddTargetForm() {
  const qc = useQueryClient();
  const [form, setForm] = useState(EMPTY);
  const create = useMutation({
    mutationFn: () =>
      fetchJson<{ scrapeTarget: TTarget }>("/api/v1/scrape-targets", {
        method: "POST",
        json: { ...form, intervalSeconds: seconds(form.intervalSeconds), timeoutSeconds: seconds(form.timeoutSeconds), cluster: form.cluster.trim() || null },
      }),
    onSuccess: () => {
      setForm(EMPTY);
      void qc.invalidateQueries({ queryKey: scrapeTargetKeys.all });
    },
  });
  const change = (k: keyof typeof EMPTY) => (e: { target: { value: string } }) => setForm({ ...form, [k]: e.target.value });
  const err = create.error;
  const fieldIssue = (k: (typeof FIELDS)[number]) => issueFor(err, k);

  function submit(e: FormEvent) {
    e.preventDefault();
    create.mutate();
  }

  return (
    <section className="card" aria-labelledby="add-target-h">
      <h2 id="add-target-h">Add a scrape target</h2>
      <p className="muted">A Prometheus text exposition endpoint (e.g. an exporter&apos;s /metrics). Shardwatch checks the address before every scrape.</p>
      {create.data ? (
        <div className="alert alert-ok" role="status">
          Added “{create.data.scrapeTarget.name}”; its first scrape is due within {create.data.scrapeTarget.intervalSeconds} s.
        </div>
      ) : null}
      <form onSubmit={submit} noValidate>
        <div className="form-row">
          <Field id="target-name" label="Name" value={form.name} onChange={change("name")} error={fieldIssue("name")} placeholder="e.g. orders primary exporter" />
          <Field id="target-url" label="URL" value={form.url} onChange={change("url")} error={fieldIssue("url")} placeholder="http://exporter:9100/metrics" />
        </div>
        <div className="form-row">
          <Field id="target-interval" label="Interval (seconds)" inputMode="numeric" value={form.intervalSeconds} onChange={change("intervalSeconds")} error={fieldIssue("intervalSeconds")} />
          <Field id="target-timeout" label="Timeout (seconds)" inputMode="numeric" value={form.timeoutSeconds} onChange={change("timeoutSeconds")} error={fieldIssue("timeoutSeconds")} />
          <Field id="target-cluster" label="Default cluster (optional)" value={form.cluster} onChange={change("cluster")} error={fieldIssue("cluster")} placeholder="for series without a cluster label" />
        </div>
        <FormError error={err} fields={FIELDS} />
        <SubmitButton pending={create.isPending} label="Add target" pendingLabel="Adding…" />
      </form>
    </section>
  );
}

function TargetRow({ t, canEdit }: { t: TTarget; canEdit: boolean }) {
  const qc = useQueryClient();
  const done = { onSettled: () => void qc.invalidateQueries({ queryKey: scrapeTargetKeys.all }) };
  const toggle = useMutation({ mutationFn: () => fetchJson(`/api/v1/scrape-targets/${t.id}`, { method: "PATCH", json: { enabled: !t.enabled } }), ...done });
  const remove = useMutation({ mutationFn: () => fetchJson(`/api/v1/scrape-targets/${t.id}`, { method: "DELETE" }), ...done });
  const badge = BADGE[t.status];
  const failure = toggle.error ?? remove.error;
  return (
    <tr data-testid="scrape-target-row">
      <td>
        {t.name}
        <div className="muted mono">{t.url}</div>
        <div className="muted">
          every {t.intervalSeconds} s, timeout {t.timeoutSeconds} s{t.cluster ? `, cluster ${t.cluster}` : ""}
        </div>
      </td>
      <td>
        <StatusBadge tone={badge.tone}>{badge.word}</StatusBadge>
        {t.status === "failing" && t.consecutiveFailures > 1 ? <div className="muted">{t.consecutiveFailures} failures in a row</div> : null}
      </td>
      <td>
        {when(t.lastScrapeAt)}
        {t.lastDurationMs !== null ? <div className="muted">took {t.lastDurationMs} ms</div> : null}
      </td>
      <td>{t.lastSampleCount ?? "–"}</td>
      <td data-testid="scrape-target-error">{t.lastError ?? <span className="muted">none</span>}</td>
      {canEdit ? (
        <td>
          <button type="button" className="btn btn-sm" disabled={toggle.isPending} onClick={() => toggle.mutate()} aria-label={`${t.enabled ? "Disable" : "Enable"} ${t.name}`}>
            {t.enabled ? "Disable" : "Enable"}
          </button>{" "}
          <button
            type="button"
            className="btn btn-sm btn-danger"
            disabled={remove.isPending}
            onClick={() => window.confirm(`Delete the scrape target “${t.name}”? Shardwatch stops scraping it.`) && remove.mutate()}
            aria-label={`Delete ${t.name}`}
          >
            Delete
          </button>
          {failure ? (
            <div className="field-error" role="alert">
              {failure.message}
            </div>
          ) : null}
        </td>
      ) : null}
    </tr>
  );
}

export function ScrapeTargetsPanel({ canEdit }: { canEdit: boolean }) {
  const list = useQuery({
    queryKey: scrapeTargetKeys.list(),
    queryFn: () => fetchJson<{ scrapeTargets: TTarget[] }>("/api/v1/scrape-targets"),
    refetchInterval: 5_000,
  });
  const targets = list.data?.scrapeTargets;
  return (
    <>
      {canEdit ? <AddTargetForm /> : <p className="muted">You can see scrape targets; operators and admins add and change them.</p>}
      <section className="card" aria-labelledby="targets-h">
        <h2 id="targets-h">Scrape targets</h2>
        {list.isPending ? <p className="muted">Loading scrape targets…</p> : null}
        {list.error ? (
          <div className="alert alert-error" role="alert">
            Could not load scrape targets: {list.error.message}
          </div>
        ) : null}
        {targets?.length === 0 ? <p className="empty">No scrape targets yet.</p> : null}
        {targets?.length ? (
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">Target</th>
                  <th scope="col">Status</th>
                  <th scope="col">Last scrape</th>
                  <th scope="col">Samples</th>
                  <th scope="col">Last error</th>
                  {canEdit ? (
                    <ActionsHeader />
                  ) : null}
                </tr>
              </thead>
              <tbody>
                {targets.map((t) => (
                  <TargetRow key={t.id} t={t} canEdit={canEdit} />
                ))}
              </tbody>
            </table>
          </div>
        ) : null}
      </section>
    </>
  );
}
