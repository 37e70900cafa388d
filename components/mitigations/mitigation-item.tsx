import Link from "next/link";
import { MitigationStateBadge, OutcomeBadge } from "./badges";
import styles from "./mitigations.module.css";
import { ProgressBar } from "./progress-bar";
import { ACTION_LABEL, approvalsGiven, excerpt, formatDateTime, formatEta, formatExpiresIn, runningLabel, tabOf, type TMitigation } from "./format";

/** "Split s-20", linked to its detail page. */
export function MitigationTitle({ m }: { m: TMitigation }) {
  return (
    <Link href={`/mitigations/${m.id}`} className={styles.itemTitle}>
      {ACTION_LABEL[m.action]} <code>{m.target}</code>
    </Link>
  );
}

function ProposedMeta({ m, now, showAlert }: { m: TMitigation; now: number; showAlert: boolean }) {
  return (
    <p className={styles.meta}>
      <span>
        Diagnosis <strong>{m.diagnosis}</strong>
      </span>
      {showAlert && m.alertId ? <Link href={`/alerts/${m.alertId}`}>Its alert</Link> : null}
      <span>
        Expires <strong>{formatExpiresIn(m.expiresAt, now)}</strong>
      </span>
      <span>
        Approvals{" "}
        <strong>
          {approvalsGiven(m)}/{m.requiredApprovals}
        </strong>
      </span>
    </p>
  );
}

function RunningMeta({ m, now }: { m: TMitigation; now: number }) {
  return (
    <>
      <p className={styles.meta}>
        <strong data-testid="phase">{runningLabel(m)}</strong>
        {m.progress?.message ? <span>{m.progress.message}</span> : null}
        {m.state !== "approved" && m.state !== "verifying" ? <span>{formatEta(m.progress?.etaAt, now)}</span> : null}
      </p>
      <ProgressBar value={m.state === "verifying" ? 1 : m.progress?.progress} label={`${ACTION_LABEL[m.action]} ${m.target}: progress`} />
      {m.note ? <p className={styles.note}>{m.note}</p> : null}
    </>
  );
}

function HistoryMeta({ m }: { m: TMitigation }) {
  return (
    <>
      <p className={styles.meta}>
        <span>
          Diagnosis <strong>{m.diagnosis}</strong>
        </span>
        <span>
          {m.finishedAt ? "Finished" : "Last change"} <strong>{formatDateTime(m.finishedAt ?? m.updatedAt)}</strong>
        </span>
      </p>
      {m.error ? <p className={styles.error}>{m.error}</p> : null}
    </>
  );
}

/** One mitigation in a list: what, where, its state, and what matters in its tab (on an alert's page: no cluster, no alert link). */
export function MitigationItem({ m, now, showCluster = true }: { m: TMitigation; now: number; showCluster?: boolean }) {
  const tab = tabOf(m.state);
  return (
    <li className={styles.item} data-testid="mitigation-item" data-state={m.state} data-action={m.action}>
      <div className={styles.itemHead}>
        <span className={styles.rank} title="Rank among the proposals for the same alert">
          #{m.rank}
        </span>
        <MitigationTitle m={m} />
        {showCluster ? <span className="muted">on {m.cluster}</span> : null}
        <MitigationStateBadge state={m.state} />
        {m.outcome ? <OutcomeBadge outcome={m.outcome} /> : null}
      </div>
      {tab !== "running" ? <p className={styles.rationale}>{excerpt(m.rationale)}</p> : null}
      {tab === "proposed" ? <ProposedMeta m={m} now={now} showAlert={showCluster} /> : tab === "running" ? <RunningMeta m={m} now={now} /> : <HistoryMeta m={m} />}
    </li>
  );
}
