"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Fragment, useState, type FormEvent } from "react";
import { fetchJson, issueFor } from "@/components/api/fetch-json";
import { alertKeys, silenceKeys } from "@/components/api/query-keys";
import { FormError, SubmitButton } from "@/components/ui/form";
import { silenceMatches, type TMatcher } from "@/lib/detection/silences/match";
import { formatDateTime, targetLabels, type TAlert } from "./format";

type TSilence = { id: string; matchers: TMatcher[]; startsAt: number; endsAt: number; comment: string; status: string; createdBy: string | null };
const DURATIONS = [
  { value: "30m", label: "30 minutes" },
  { value: "1h", label: "1 hour" },
  { value: "2h", label: "2 hours" },
  { value: "4h", label: "4 hours" },
  { value: "24h", label: "1 day" },
];

/** Matchers for exactly this alert: its rule and each of its target labels. */
export function matchersFor(alert: TAlert): TMatcher[] {
  return [{ label: "rule", op: "=", value: alert.rule }, ...targetLabels(alert).map((l) => ({ label: l.name, op: "=" as const, value: l.value }))];
}

/** Matchers as code, with room to wrap between them. */
function Matchers({ matchers }: { matchers: readonly TMatcher[] }) {
  return matchers.map((m, i) => (
    <Fragment key={`${m.label}${m.op}${m.value}`}>
      {i > 0 ? ", " : null}
      <code className="matcher">
        {m.label}
        {m.op}&quot;{m.value}&quot;
      </code>
    </Fragment>
  ));
}

function SilenceForm({ alert, onDone }: { alert: TAlert; onDone: () => void }) {
  const qc = useQueryClient();
  const [duration, setDuration] = useState("1h");
  const [comment, setComment] = useState("");
  const create = useMutation({
    mutationFn: () => fetchJson<{ silence: TSilence }>("/api/v1/silences", { method: "POST", json: { matchers: matchersFor(alert), duration, comment } }),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: silenceKeys.all });
      void qc.invalidateQueries({ queryKey: alertKeys.all });
      onDone();
    },
  });
  function submit(e: FormEvent) {
    e.preventDefault();
    create.mutate();
  }
  return (
    <form onSubmit={submit} noValidate className="silence-form" aria-label="New silence">
      <p className="muted">
        Mutes notifications for alerts matching <Matchers matchers={matchersFor(alert)} />. The alert stays listed, marked silenced.
      </p>
      <div className="form-row">
        <div className="field">
          <label htmlFor="silence-duration">Duration</label>
          <select id="silence-duration" value={duration} onChange={(e) => setDuration(e.target.value)}>
            {DURATIONS.map((d) => (
              <option key={d.value} value={d.value}>
                {d.label}
              </option>
            ))}
          </select>
        </div>
        <div className="field" style={{ flexGrow: 3 }}>
          <label htmlFor="silence-comment">Why</label>
          <input
            id="silence-comment"
            type="text"
            value={comment}
            onChange={(e) => setComment(e.target.value)}
            placeholder="e.g. known, restarting the cache node"
            aria-invalid={!!issueFor(create.error, "comment")}
            aria-describedby="silence-comment-err"
          />
          <span id="silence-comment-err" className="field-error">
            {issueFor(create.error, "comment")}
          </span>
        </div>
      </div>
      <FormError error={create.error} fields={["comment"]} />
      <div className="actions">
        <SubmitButton pending={create.isPending} label="Create silence" pendingLabel="Creating…" />
        <button type="button" className="btn" onClick={onDone}>
          Cancel
        </button>
      </div>
    </form>
  );
}

export function SilencePanel({ alert, canOperate }: { alert: TAlert; canOperate: boolean }) {
  const [open, setOpen] = useState(false);
  const list = useQuery({
    queryKey: silenceKeys.list("active"),
    queryFn: () => fetchJson<{ silences: TSilence[] }>("/api/v1/silences?state=active"),
    refetchInterval: 15_000,
  });
  const now = list.dataUpdatedAt;
  const subject = { labels: alert.labels, ruleName: alert.rule, severity: alert.severity };
  // Pending silences (starting later) are shown too: they will match.
  const matching = (list.data?.silences ?? []).filter((s) => silenceMatches({ ...s, startsAt: Math.min(s.startsAt, now) }, subject, now));
  return (
    <section className="card" aria-labelledby="silences-h">
      <div className="section-head">
        <h2 id="silences-h">Silences</h2>
        {canOperate && !open ? (
          <button type="button" className="btn btn-primary" onClick={() => setOpen(true)}>
            <span aria-hidden="true">⊘</span> Silence
          </button>
        ) : null}
      </div>
      {open ? <SilenceForm alert={alert} onDone={() => setOpen(false)} /> : null}
      {list.isPending ? <p className="muted">Loading silences…</p> : null}
      {list.error ? (
        <div className="alert alert-error" role="alert">
          Could not load silences: {list.error.message}
        </div>
      ) : null}
      {list.data && matching.length === 0 ? <p className="muted">No silence matches this alert.{canOperate ? "" : " Operators can add one."}</p> : null}
      {matching.length > 0 ? (
        <ul className="plain-list" data-testid="matching-silences">
          {matching.map((s) => (
            <li key={s.id}>
              <strong>{s.status === "pending" ? "Starts " + formatDateTime(s.startsAt) : "Active"}</strong>, until {formatDateTime(s.endsAt)}: {s.comment}{" "}
              <span className="muted">
                (by {s.createdBy ?? "system"}; <Matchers matchers={s.matchers} />)
              </span>
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}
