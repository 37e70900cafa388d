"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { fetchJson, issueFor } from "@/components/api/fetch-json";
import { noticeKeys, statusComponentKeys } from "@/components/api/query-keys";
import { Field, FormError } from "@/components/ui/form";
import { NOTICE_IMPACTS } from "@/lib/status/notice-state";
import { ComponentLevelsField, type TPicked } from "./component-levels-field";
import { IMPACT_LABELS, type TNotice } from "./format";
import { LeakWarning } from "./leak-warning";
import styles from "./status-admin.module.css";
import { useStatusComponents } from "./use-status-components";

// The draft editor: every field stakeholders will read, then Publish sends the edits and publishes in
// one request, so what was reviewed is what goes out.

const FIELDS = ["title", "impact", "components", "sloName", "sloImpact", "expectedMinutes", "message"];

export function DraftEditor({ notice, canOperate }: { notice: TNotice; canOperate: boolean }) {
  const qc = useQueryClient();
  const router = useRouter();
  const components = useStatusComponents();
  const [title, setTitle] = useState(notice.title);
  const [impact, setImpact] = useState<string>(notice.impact);
  const [picked, setPicked] = useState<TPicked>(() => Object.fromEntries(notice.components.map((c) => [c.componentId, c.level])));
  const [sloName, setSloName] = useState(notice.sloName ?? "");
  const [sloImpact, setSloImpact] = useState(notice.sloImpact ?? "");
  const [expected, setExpected] = useState(notice.expectedMinutes?.toString() ?? "");
  const [message, setMessage] = useState(notice.updates.at(-1)?.body ?? "");

  const edits = () => ({
    version: notice.version,
    title,
    impact,
    components: Object.entries(picked).map(([componentId, level]) => ({ componentId, level })),
    sloName: sloName.trim() || null,
    sloImpact: sloImpact.trim() || null,
    expectedMinutes: expected.trim() ? Number(expected) : null,
    ...(message.trim() ? { message } : {}),
  });
  const done = async (n: TNotice) => {
    qc.setQueryData(noticeKeys.detail(n.id), n);
    await qc.invalidateQueries({ queryKey: noticeKeys.all });
    await qc.invalidateQueries({ queryKey: statusComponentKeys.all });
  };
  const save = useMutation({ mutationFn: () => fetchJson<{ notice: TNotice }>(`/api/v1/notices/${notice.id}`, { method: "PATCH", json: edits() }).then((r) => r.notice), onSuccess: done });
  const publish = useMutation({
    mutationFn: () => fetchJson<{ notice: TNotice }>(`/api/v1/notices/${notice.id}:publish`, { method: "POST", json: edits() }).then((r) => r.notice),
    onSuccess: done,
  });
  const discard = useMutation({
    mutationFn: () => fetchJson<{ notice: TNotice }>(`/api/v1/notices/${notice.id}:discard`, { method: "POST", json: {} }).then((r) => r.notice),
    onSuccess: async (n) => {
      await done(n);
      router.push("/notices?tab=past");
    },
  });
  const pending = save.isPending || publish.isPending || discard.isPending;
  const error = publish.error ?? save.error ?? discard.error;
  const err = (path: string) => issueFor(error, path);

  return (
    <section className="card" aria-labelledby="editor-h">
      <h2 id="editor-h">Draft</h2>
      {notice.status === "resolved" ? <p className={styles.note}>Its alerts resolved before anyone published it: publish it as an after-the-fact notice, or discard it.</p> : null}
      <form
        className={styles.form}
        // A changed field clears the last attempt's errors, so they never describe old values.
        onInput={() => {
          if (publish.error) publish.reset();
          if (save.error) save.reset();
        }}
        onSubmit={(e) => {
          e.preventDefault();
          publish.mutate();
        }}
      >
        <fieldset disabled={!canOperate || pending} style={{ border: 0, padding: 0, margin: 0 }}>
          <Field id="title" label="Title" value={title} onChange={(e) => setTitle(e.target.value)} error={err("title")} required />
          <div className="form-row">
            <div className="field">
              <label htmlFor="impact">Impact</label>
              <select id="impact" value={impact} onChange={(e) => setImpact(e.target.value)}>
                {NOTICE_IMPACTS.map((i) => (
                  <option key={i} value={i}>
                    {IMPACT_LABELS[i]}
                  </option>
                ))}
              </select>
            </div>
            <Field id="expected" label="Expected duration (minutes)" inputMode="numeric" value={expected} onChange={(e) => setExpected(e.target.value)} error={err("expectedMinutes")} />
          </div>
          {components.data ? <ComponentLevelsField components={components.data} value={picked} onChange={setPicked} error={err("components")} /> : <p className="muted">Loading components…</p>}
          <div className="form-row">
            <Field id="slo-name" label="SLO affected" placeholder="p99 latency" value={sloName} onChange={(e) => setSloName(e.target.value)} error={err("sloName")} />
            <Field id="slo-impact" label="By how much" placeholder="p99 up to 800 ms, target 200 ms" value={sloImpact} onChange={(e) => setSloImpact(e.target.value)} error={err("sloImpact")} />
          </div>
          <div className="field">
            <label htmlFor="message">First message (public)</label>
            <textarea id="message" className={styles.textarea} value={message} onChange={(e) => setMessage(e.target.value)} aria-describedby="message-err message-hint" />
            <span id="message-hint" className="muted">
              Write for stakeholders: name components, not shards or hosts.
            </span>
            <span id="message-err" className="field-error">
              {err("message")}
            </span>
          </div>
          <LeakWarning texts={[title, sloName, sloImpact, message]} />
          <FormError error={error} fields={FIELDS} />
          {canOperate ? (
            <div className={styles.buttons}>
              <button type="submit" className="btn btn-primary">
                {publish.isPending ? "Publishing…" : "Publish"}
              </button>
              <button type="button" className="btn" onClick={() => save.mutate()}>
                {save.isPending ? "Saving…" : "Save draft"}
              </button>
              <button type="button" className="btn btn-danger" onClick={() => discard.mutate()}>
                Discard
              </button>
              {save.isSuccess ? <span role="status">Draft saved.</span> : null}
            </div>
          ) : (
            <p className="muted">Operators publish drafts; you can read them here.</p>
          )}
        </fieldset>
      </form>
    </section>
  );
}
