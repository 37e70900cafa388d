"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { fetchJson } from "@/components/api/fetch-json";
import { mitigationKeys } from "@/components/api/query-keys";
import { MitigationStateBadge, OutcomeBadge } from "./badges";
import { DecisionPanel, RollbackPanel } from "./decision-panel";
import styles from "./mitigations.module.css";
import { PlanSection } from "./plan-section";
import { ApprovalsSection, ProgressSection, VerificationSection } from "./run-sections";
import { SignalSection, WhySection } from "./signal-section";
import { ACTION_LABEL, formatDateTime, isRunning, type TMitigation } from "./format";

const RUNNING_REFRESH_MS = 2_000;
const IDLE_REFRESH_MS = 10_000;

function Settled({ m }: { m: TMitigation }) {
  if (m.state !== "rejected" && m.state !== "expired" && m.state !== "rolled-back") return null;
  const text =
    m.state === "rejected" ? "Rejected: nothing was changed." : m.state === "expired" ? "Expired without a decision: nothing was changed." : "Rolled back: the placement and routing are as before.";
  return (
    <section className="card" aria-labelledby="settled-h">
      <h2 id="settled-h">Outcome</h2>
      <p>{text}</p>
      {m.note ? <p className={styles.note}>{m.note}</p> : null}
    </section>
  );
}

export function MitigationDetail({ initial, canOperate }: { initial: TMitigation; canOperate: boolean }) {
  const q = useQuery({
    queryKey: mitigationKeys.detail(initial.id),
    queryFn: () => fetchJson<{ mitigation: TMitigation }>(`/api/v1/mitigations/${initial.id}`).then((r) => r.mitigation),
    initialData: initial,
    refetchInterval: (query) => (isRunning(query.state.data?.state) ? RUNNING_REFRESH_MS : IDLE_REFRESH_MS),
  });
  const m = q.data;
  const now = q.dataUpdatedAt;
  const reload = () => void q.refetch();
  const decidable = m.state === "proposed" || m.state === "approved";
  return (
    <>
      <div className="page-head">
        <div>
          <p className="muted">
            <Link href="/mitigations">← Mitigations</Link>
          </p>
          <h1 className={styles.title}>
            {ACTION_LABEL[m.action]} <code>{m.target}</code>
          </h1>
          <p className={styles.headLine} data-testid="detail-state">
            <span className="muted">on {m.cluster}</span>
            <MitigationStateBadge state={m.state} />
            {m.outcome ? <OutcomeBadge outcome={m.outcome} /> : null}
            <span className="muted">
              Rank #{m.rank} · proposed {formatDateTime(m.createdAt)} {m.source === "detection" ? "from an alert" : `on request (${m.source})`}
            </span>
            {m.alertId ? <Link href={`/alerts/${m.alertId}`}>The alert it came from →</Link> : null}
          </p>
        </div>
      </div>
      {q.error ? (
        <div className="alert alert-warn" role="alert">
          Showing the last known state: {q.error.message}
        </div>
      ) : null}
      {!canOperate ? (
        <p className="alert alert-warn" data-testid="viewer-note">
          <span aria-hidden="true">i</span> Operators approve, reject and roll back mitigations; you can follow everything here.
        </p>
      ) : null}
      {canOperate && decidable ? <DecisionPanel m={m} now={now} onReload={reload} /> : null}
      {isRunning(m.state) ? <ProgressSection m={m} now={now} /> : null}
      <VerificationSection m={m} />
      {canOperate && (m.state === "done" || m.state === "failed") ? <RollbackPanel m={m} onReload={reload} /> : null}
      <Settled m={m} />
      {m.state === "proposed" && m.note ? <p className={styles.note}>{m.note}</p> : null}
      <div className={styles.twoCol}>
        <WhySection m={m} />
        <SignalSection signal={m.signal} />
      </div>
      <PlanSection m={m} />
      <ApprovalsSection m={m} />
    </>
  );
}
