"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { fetchJson, issueFor } from "@/components/api/fetch-json";
import { noticeKeys, statusComponentKeys } from "@/components/api/query-keys";
import { FormError } from "@/components/ui/form";
import { canMoveStatus, isFinalStatus, statusesOf } from "@/lib/status/notice-state";
import { NoticeStatusBadge } from "./badges";
import { formatUtc, STATUS_LABELS, type TNotice } from "./format";
import { LeakWarning } from "./leak-warning";
import styles from "./status-admin.module.css";

export function Timeline({ notice }: { notice: TNotice }) {
  const entries = [...notice.updates].reverse();
  return (
    <section className="card" aria-labelledby="timeline-h">
      <h2 id="timeline-h">Timeline</h2>
      {entries.length ? (
        <ol className={styles.timeline} data-testid="timeline">
          {entries.map((u) => (
            <li key={u.id} className={styles.entry}>
              <div className={styles.itemHead}>
                <NoticeStatusBadge status={u.status} />
                <time dateTime={new Date(u.createdAt).toISOString()} className="muted">
                  {formatUtc(u.createdAt)}
                </time>
                {u.createdBy ? <span className="muted">by {u.createdBy}</span> : <span className="muted">automatic</span>}
              </div>
              <p>{u.body}</p>
            </li>
          ))}
        </ol>
      ) : (
        <p className="muted">No updates yet.</p>
      )}
    </section>
  );
}

/** The next timeline entry: a status the transition table allows, and a message for stakeholders. */
export function PostUpdate({ notice }: { notice: TNotice }) {
  const qc = useQueryClient();
  const options = statusesOf(notice.kind).filter((s) => canMoveStatus(notice.kind, notice.status, s));
  const [status, setStatus] = useState<string>(notice.status);
  const [body, setBody] = useState("");
  const post = useMutation({
    mutationFn: () => fetchJson<{ notice: TNotice }>(`/api/v1/notices/${notice.id}/updates`, { method: "POST", json: { status, body } }).then((r) => r.notice),
    onSuccess: async (n) => {
      qc.setQueryData(noticeKeys.detail(n.id), n);
      setBody("");
      setStatus(n.status);
      await qc.invalidateQueries({ queryKey: noticeKeys.all });
      await qc.invalidateQueries({ queryKey: statusComponentKeys.all });
    },
  });
  if (isFinalStatus(notice.status)) return null;
  return (
    <section className="card" aria-labelledby="post-h">
      <h2 id="post-h">Post update</h2>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          post.mutate();
        }}
      >
        <div className="field">
          <label htmlFor="update-status">Status</label>
          <select id="update-status" value={status} onChange={(e) => setStatus(e.target.value)}>
            {options.map((s) => (
              <option key={s} value={s}>
                {STATUS_LABELS[s]}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="update-body">Message (public)</label>
          <textarea id="update-body" className={styles.textarea} value={body} onChange={(e) => setBody(e.target.value)} aria-describedby="update-body-err" required />
          <span id="update-body-err" className="field-error">
            {issueFor(post.error, "body")}
          </span>
        </div>
        <LeakWarning texts={[body]} />
        <FormError error={post.error} fields={["body", "status"]} />
        <button type="submit" className="btn btn-primary" disabled={post.isPending}>
          {post.isPending ? "Posting…" : "Post update"}
        </button>
      </form>
    </section>
  );
}
