"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { fetchJson } from "@/components/api/fetch-json";
import { noticeKeys } from "@/components/api/query-keys";
import { LevelBadge, NoticeStatusBadge, StateBadge } from "./badges";
import { formatUtc, KIND_LABELS, NOTICE_TABS, type TNotice, type TNoticeTab } from "./format";
import styles from "./status-admin.module.css";

// Drafts wait for a person to publish; active notices are on the public page; past ones ended.

const TAB: Record<TNoticeTab, { label: string; empty: string; text: string }> = {
  drafts: {
    label: "Drafts",
    empty: "No drafts.",
    text: "When an SLO breach on a status component lasts, a draft is prepared here with its figures filled in. Nothing is public until someone publishes it.",
  },
  active: { label: "Active", empty: "Nothing on the public page.", text: "Published incidents, SLA-downgrade notices and maintenance show here until they are resolved or complete." },
  past: { label: "Past", empty: "No past notices.", text: "Resolved, completed and discarded notices are kept here." },
};

function useTab(tab: TNoticeTab) {
  return useQuery({
    queryKey: noticeKeys.list(tab),
    queryFn: () => fetchJson<{ notices: TNotice[] }>(`/api/v1/notices?filter=${tab}`).then((r) => r.notices),
    refetchInterval: tab === "past" ? 30_000 : 5_000,
  });
}

function NoticeItem({ n }: { n: TNotice }) {
  return (
    <li className={styles.item} data-testid="notice-item">
      <div className={styles.itemHead}>
        <Link href={`/notices/${n.id}`} className={styles.itemTitle}>
          {n.title}
        </Link>
        <StateBadge state={n.state} />
        <NoticeStatusBadge status={n.status} />
      </div>
      <p className={styles.meta}>
        <span>{KIND_LABELS[n.kind]}</span>
        <span>{n.kind === "maintenance" ? `${formatUtc(n.scheduledFor)} → ${formatUtc(n.scheduledUntil)}` : `since ${formatUtc(n.startedAt)}`}</span>
        {n.sloImpact ? <span>{n.sloImpact}</span> : null}
        {n.alertIds.length ? <span>{n.alertIds.length === 1 ? "from 1 alert" : `from ${n.alertIds.length} alerts`}</span> : null}
      </p>
      {n.components.length ? (
        <p className={styles.meta}>
          {n.components.map((c) => (
            <span key={c.componentId}>
              {c.name} <LevelBadge level={c.level} />
            </span>
          ))}
        </p>
      ) : null}
    </li>
  );
}

export function NoticesView({ tab, canOperate }: { tab: TNoticeTab; canOperate: boolean }) {
  const lists = { drafts: useTab("drafts"), active: useTab("active"), past: useTab("past") };
  const current = lists[tab];
  const items = current.data ?? [];
  return (
    <>
      <nav className="tabs" aria-label="Notices">
        {NOTICE_TABS.map((t) => (
          <Link key={t} href={t === "drafts" ? "/notices" : `/notices?tab=${t}`} aria-current={t === tab ? "page" : undefined} scroll={false}>
            {TAB[t].label}
            {lists[t].data ? ` (${lists[t].data.length})` : ""}
          </Link>
        ))}
      </nav>
      <section className="card" aria-labelledby="notices-h" aria-busy={current.isPending}>
        <div className="section-head">
          <h2 id="notices-h">{TAB[tab].label}</h2>
          {canOperate ? (
            <Link className="btn btn-primary btn-sm" href="/notices/new">
              New notice
            </Link>
          ) : null}
        </div>
        {current.isPending ? (
          <div className="skeleton">
            <span className="visually-hidden">Loading notices…</span>
            {[0, 1, 2].map((i) => (
              <div key={i} className="skeleton-row" aria-hidden="true" />
            ))}
          </div>
        ) : null}
        {current.error ? (
          <div className="alert alert-error" role="alert">
            <span aria-hidden="true">✕</span>
            <div>
              Could not load notices: {current.error.message}.{" "}
              <button type="button" className="btn btn-sm" onClick={() => void current.refetch()}>
                Try again
              </button>
            </div>
          </div>
        ) : null}
        {current.data && items.length === 0 ? (
          <div className="empty" data-testid="notices-empty">
            <p>
              <strong>{TAB[tab].empty}</strong>
            </p>
            <p>{TAB[tab].text}</p>
          </div>
        ) : null}
        {items.length ? (
          <ul className={styles.list}>
            {items.map((n) => (
              <NoticeItem key={n.id} n={n} />
            ))}
          </ul>
        ) : null}
      </section>
    </>
  );
}
