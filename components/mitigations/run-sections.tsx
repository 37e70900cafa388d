import { OutcomeBadge, VerdictBadge } from "./badges";
import styles from "./mitigations.module.css";
import { ProgressBar } from "./progress-bar";
import { ACTION_LABEL, formatCount, formatDateTime, formatEta, formatNumber, runningLabel, verificationOf, type TMitigation } from "./format";

/** Live progress of a running mitigation (refreshed every 2 s by the page). */
export function ProgressSection({ m, now }: { m: TMitigation; now: number }) {
  const p = m.progress;
  return (
    <section className="card" aria-labelledby="progress-h" data-testid="progress">
      <h2 id="progress-h">Progress</h2>
      <p className={styles.meta} aria-live="polite">
        <strong data-testid="phase">{runningLabel(m)}</strong>
        {p?.message ? <span>{p.message}</span> : null}
        {m.state === "executing" || m.state === "rolling-back" ? <span data-testid="eta">{formatEta(p?.etaAt, now)}</span> : null}
      </p>
      <ProgressBar value={m.state === "verifying" ? 1 : p?.progress} label={`${ACTION_LABEL[m.action]} ${m.target}: progress`} />
      {m.state === "verifying" ? <p className="muted">The operation finished; Shardwatch measures the effect against the plan before calling it done.</p> : null}
      <p className={styles.meta}>
        <span>
          Failed requests <strong>{formatCount(p?.failedRequests ?? 0)}</strong>
        </span>
        {m.startedAt ? (
          <span>
            Started <strong>{formatDateTime(m.startedAt)}</strong>
          </span>
        ) : null}
        {m.operationId ? (
          <span>
            Operation <code>{m.operationId}</code>
          </span>
        ) : null}
      </p>
      {m.note ? <p className={styles.note}>{m.note}</p> : null}
    </section>
  );
}

/** The check after cutover: outcome, and each expectation against what was measured. */
export function VerificationSection({ m }: { m: TMitigation }) {
  const v = verificationOf(m.verification);
  if (!v && !m.error) return null;
  return (
    <section className="card" aria-labelledby="verification-h" data-testid="verification">
      <h2 id="verification-h">Result</h2>
      {m.error ? <p className={styles.error}>{m.error}</p> : null}
      {v ? (
        <>
          <p className={styles.headLine}>
            <OutcomeBadge outcome={v.outcome} /> <span>{v.summary}</span>
          </p>
          <div className="table-wrap">
            <table className={styles.tableCompact}>
              <caption className="visually-hidden">Expected against measured</caption>
              <thead>
                <tr>
                  <th scope="col">Check</th>
                  <th scope="col">Before</th>
                  <th scope="col">Planned</th>
                  <th scope="col">Measured</th>
                  <th scope="col">Verdict</th>
                </tr>
              </thead>
              <tbody>
                {v.checks.map((c) => (
                  <tr key={`${c.what}-${c.target}`}>
                    <td data-label="Check">
                      {c.what} of <code>{c.target}</code>
                    </td>
                    <td className={styles.num} data-label="Before">
                      {formatNumber(c.before)} {c.unit}
                    </td>
                    <td className={styles.num} data-label="Planned">
                      {formatNumber(c.after)} {c.unit}
                    </td>
                    <td className={styles.num} data-label="Measured">{c.measured === null ? "—" : `${formatNumber(c.measured)} ${c.unit}`}</td>
                    <td data-label="Verdict">
                      <VerdictBadge verdict={c.verdict} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <p className={styles.meta}>
            <span>
              Failed requests during the operation <strong>{formatCount(v.failedRequests)}</strong>
            </span>
            {m.finishedAt ? (
              <span>
                Finished <strong>{formatDateTime(m.finishedAt)}</strong>
              </span>
            ) : null}
          </p>
        </>
      ) : null}
    </section>
  );
}

/** Who decided, when, and what they said. */
export function ApprovalsSection({ m }: { m: TMitigation }) {
  return (
    <section className="card" aria-labelledby="approvals-h">
      <h2 id="approvals-h">Decisions</h2>
      {m.approvals.length === 0 ? (
        <p className="muted">
          No decision yet. {m.requiredApprovals > 1 ? `It needs ${m.requiredApprovals} approvals from different people.` : "One operator's approval starts it."}
        </p>
      ) : (
        <ul className={styles.approvals} data-testid="approvals">
          {m.approvals.map((a) => (
            <li key={a.userId}>
              <strong>{a.decision === "approve" ? "✓ Approved" : "⊘ Rejected"}</strong>
              <span>
                by {a.name} <span className="muted">({a.email})</span>
              </span>
              <time className="muted" dateTime={new Date(a.at).toISOString()}>
                {formatDateTime(a.at)}
              </time>
              {a.comment ? <q>{a.comment}</q> : <span className="muted">no comment</span>}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
