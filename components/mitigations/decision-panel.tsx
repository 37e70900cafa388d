"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { ApiError, fetchJson, issueFor } from "@/components/api/fetch-json";
import { mitigationKeys } from "@/components/api/query-keys";
import styles from "./mitigations.module.css";
import { ACTION_LABEL, approvalsGiven, formatExpiresIn, type TMitigation } from "./format";

type TVerb = "approve" | "reject" | "rollback";

/** A decision on this mitigation, sent with the version the person saw (a stale page answers 409). */
function useDecision(m: TMitigation) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ verb, comment }: { verb: TVerb; comment: string }) =>
      fetchJson<{ mitigation: TMitigation }>(`/api/v1/mitigations/${m.id}:${verb}`, { method: "POST", json: { comment, version: m.version } }),
    onSuccess: ({ mitigation }) => {
      qc.setQueryData(mitigationKeys.detail(m.id), (old: TMitigation | undefined) => ({ ...mitigation, signal: old?.signal ?? mitigation.signal }));
      void qc.invalidateQueries({ queryKey: mitigationKeys.all });
    },
  });
}

function DecisionError({ error, onReload }: { error: Error | null; onReload: () => void }) {
  if (!error || issueFor(error, "comment")) return null;
  const stale = error instanceof ApiError && error.status === 409;
  return (
    <div className="alert alert-error" role="alert" data-testid="decision-error">
      <span aria-hidden="true">✕</span>
      <div>
        {error.message}{" "}
        {stale ? (
          <button type="button" className="btn btn-sm" onClick={onReload}>
            Reload it
          </button>
        ) : null}
      </div>
    </div>
  );
}

/** Approve or reject a proposal (operators); a rejection says why. */
export function DecisionPanel({ m, now, onReload }: { m: TMitigation; now: number; onReload: () => void }) {
  const [comment, setComment] = useState("");
  const [missing, setMissing] = useState(false);
  const decide = useDecision(m);
  const given = approvalsGiven(m);
  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const verb = ((e.nativeEvent as SubmitEvent).submitter as HTMLButtonElement | null)?.value === "reject" ? "reject" : "approve";
    if (verb === "reject" && !comment.trim()) return setMissing(true);
    setMissing(false);
    decide.mutate({ verb, comment });
  }
  const commentError = missing ? "Say why you reject it: the comment is required for a rejection." : issueFor(decide.error, "comment");
  return (
    <section className="card" aria-labelledby="decide-h">
      <h2 id="decide-h">Decide</h2>
      <p className="muted">
        {m.state === "proposed"
          ? `Waiting for a decision; it expires ${formatExpiresIn(m.expiresAt, now)}. Approvals ${given}/${m.requiredApprovals}.`
          : "Approved and not started yet: it can still be rejected."}{" "}
        Approving starts the plan below through the control plane.
      </p>
      <form className={styles.decision} onSubmit={submit} noValidate aria-label={`Decide on ${ACTION_LABEL[m.action]} ${m.target}`}>
        <div className="field">
          <label htmlFor="decision-comment">Comment {m.state === "proposed" ? "(required to reject)" : "(why you reject it)"}</label>
          <textarea
            id="decision-comment"
            value={comment}
            onChange={(e) => setComment(e.target.value)}
            maxLength={2000}
            placeholder="e.g. checked the key spread; go ahead"
            aria-invalid={!!commentError}
            aria-describedby="decision-comment-err"
          />
          <span id="decision-comment-err" className="field-error">
            {commentError}
          </span>
        </div>
        <DecisionError error={decide.error} onReload={onReload} />
        <div className="actions">
          {m.state === "proposed" ? (
            <button type="submit" name="verb" value="approve" className="btn btn-primary" disabled={decide.isPending}>
              <span aria-hidden="true">✓</span> Approve
            </button>
          ) : null}
          <button type="submit" name="verb" value="reject" className="btn btn-danger" disabled={decide.isPending}>
            <span aria-hidden="true">⊘</span> Reject
          </button>
          {decide.isPending ? <span className="muted">Sending…</span> : null}
        </div>
      </form>
    </section>
  );
}

/** Roll back a finished or failed mitigation, after a confirmation; prominent when it made things worse. */
export function RollbackPanel({ m, onReload }: { m: TMitigation; onReload: () => void }) {
  const [confirming, setConfirming] = useState(false);
  const [comment, setComment] = useState("");
  const decide = useDecision(m);
  const worse = m.outcome === "worse";
  return (
    <section className={`card ${worse ? styles.rollbackUrgent : ""}`} aria-labelledby="rollback-h">
      <h2 id="rollback-h">Roll back</h2>
      <p className={worse ? undefined : "muted"}>
        {worse
          ? "The check after cutover found it made things worse. Rolling back restores the placement and routing from before."
          : "Undo this mitigation through the control plane: the placement and routing go back to how they were."}
      </p>
      {!confirming ? (
        <button type="button" className={worse ? "btn btn-primary" : "btn btn-danger"} onClick={() => setConfirming(true)}>
          <span aria-hidden="true">↶</span> Roll back
        </button>
      ) : (
        <div className={styles.confirm} role="group" aria-labelledby="rollback-confirm-q">
          <p id="rollback-confirm-q">
            <strong>
              Roll back {ACTION_LABEL[m.action].toLowerCase()} of {m.target} on {m.cluster}?
            </strong>{" "}
            {m.plan.copyGb > 0 ? `It copies about ${m.plan.copyGb} GB back.` : "No data is copied."}
          </p>
          <div className="field">
            <label htmlFor="rollback-comment">Comment (optional)</label>
            <input id="rollback-comment" type="text" value={comment} onChange={(e) => setComment(e.target.value)} maxLength={2000} />
          </div>
          <DecisionError error={decide.error} onReload={onReload} />
          <div className="actions">
            <button type="button" className="btn btn-primary" disabled={decide.isPending} onClick={() => decide.mutate({ verb: "rollback", comment })}>
              {decide.isPending ? "Rolling back…" : "Yes, roll back"}
            </button>
            <button type="button" className="btn" onClick={() => setConfirming(false)}>
              Cancel
            </button>
          </div>
        </div>
      )}
    </section>
  );
}
