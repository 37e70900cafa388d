"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { fetchJson } from "@/components/api/fetch-json";
import { noticeKeys } from "@/components/api/query-keys";
import { LevelBadge, NoticeStatusBadge, StateBadge } from "./badges";
import { DraftEditor } from "./draft-editor";
import { formatUtc, IMPACT_LABELS, KIND_LABELS, type TNotice } from "./format";
import { PostUpdate, Timeline } from "./notice-timeline";
import styles from "./status-admin.module.css";

function Facts({ n }: { n: TNotice }) {
  return (
    <section className="card" aria-labelledby="facts-h">
      <h2 id="facts-h">What stakeholders see</h2>
      <dl className={styles.facts}>
        <div className="stat">
          <dt>Impact</dt>
          <dd>{IMPACT_LABELS[n.impact]}</dd>
        </div>
        {n.sloName || n.sloImpact ? (
          <div className="stat">
            <dt>{n.sloName ?? "SLO"}</dt>
            <dd>{n.sloImpact ?? "—"}</dd>
          </div>
        ) : null}
        {n.expectedMinutes ? (
          <div className="stat">
            <dt>Expected duration</dt>
            <dd>{n.expectedMinutes} min</dd>
          </div>
        ) : null}
        {n.kind === "maintenance" ? (
          <div className="stat">
            <dt>Window</dt>
            <dd>
              {formatUtc(n.scheduledFor)} → {formatUtc(n.scheduledUntil)}
            </dd>
          </div>
        ) : null}
      </dl>
      <ul className={styles.list}>
        {n.components.map((c) => (
          <li key={c.componentId} className={styles.itemHead}>
            <strong>{c.name}</strong> <LevelBadge level={c.level} />
          </li>
        ))}
      </ul>
    </section>
  );
}

export function NoticeDetail({ initial, canOperate }: { initial: TNotice; canOperate: boolean }) {
  const q = useQuery({
    queryKey: noticeKeys.detail(initial.id),
    queryFn: () => fetchJson<{ notice: TNotice }>(`/api/v1/notices/${initial.id}`).then((r) => r.notice),
    initialData: initial,
    refetchInterval: 10_000,
  });
  const n = q.data;
  return (
    <>
      <div className="page-head">
        <div>
          <p className="muted">
            <Link href="/notices">← Notices</Link>
          </p>
          <h1 className={styles.title}>{n.title}</h1>
          <p className={styles.headLine} data-testid="notice-state">
            <span className="muted">{KIND_LABELS[n.kind]}</span>
            <StateBadge state={n.state} />
            <NoticeStatusBadge status={n.status} />
            <span className="muted">
              {n.publishedAt ? `published ${formatUtc(n.publishedAt)}` : `drafted ${formatUtc(n.createdAt)}`}
              {n.alertIds.length ? ` from ${n.alertIds.length} alert${n.alertIds.length === 1 ? "" : "s"}` : ""}
            </span>
            {n.alertIds[0] ? <Link href={`/alerts/${n.alertIds[0]}`}>First alert →</Link> : null}
          </p>
        </div>
      </div>
      {q.error ? (
        <div className="alert alert-error" role="alert">
          Could not refresh this notice: {q.error.message}
        </div>
      ) : null}
      {n.state === "draft" ? (
        <DraftEditor key={n.version} notice={n} canOperate={canOperate} />
      ) : (
        <>
          <Facts n={n} />
          {canOperate && n.state === "published" ? <PostUpdate notice={n} /> : null}
          <Timeline notice={n} />
        </>
      )}
    </>
  );
}
