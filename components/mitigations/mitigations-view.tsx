"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { fetchJson } from "@/components/api/fetch-json";
import { mitigationKeys } from "@/components/api/query-keys";
import { MitigationItem } from "./mitigation-item";
import styles from "./mitigations.module.css";
import { TAB_STATES, TABS, type TMitigation, type TTab } from "./format";

// Three tabs held in the address (?tab=): what waits for a decision, what runs, what happened.
// Proposed ones refresh every second (a new proposal is on screen within a second of being made, at
// most ~18 s from a hot shard's onset with 5 s telemetry), running ones every 2 s (progress moves);
// the history less often.

const TAB = {
  proposed: { label: "Proposed", refresh: 1_000, limit: 100 },
  running: { label: "Running", refresh: 2_000, limit: 100 },
  history: { label: "History", refresh: 15_000, limit: 50 },
} as const;

const EMPTY: Record<TTab, { title: string; text: string }> = {
  proposed: {
    title: "No proposals waiting.",
    text: "They appear here within seconds of a shard alert firing (hot shard, skew, replica lag), ranked, each with its rationale and a dry-run plan.",
  },
  running: { title: "Nothing running.", text: "Once an operator approves a proposal, its progress shows here live, through verification." },
  history: { title: "No history yet.", text: "Finished, failed, rolled-back, rejected and expired mitigations are kept here with their outcome." },
};

function useTabList(tab: TTab) {
  const q = new URLSearchParams();
  for (const s of TAB_STATES[tab]) q.append("state", s);
  q.set("limit", String(TAB[tab].limit));
  return useQuery({
    queryKey: mitigationKeys.list({ states: TAB_STATES[tab] }),
    queryFn: () => fetchJson<{ mitigations: TMitigation[] }>(`/api/v1/mitigations?${q.toString()}`).then((r) => r.mitigations),
    refetchInterval: TAB[tab].refresh,
  });
}

export function MitigationsView({ tab }: { tab: TTab }) {
  const lists = { proposed: useTabList("proposed"), running: useTabList("running"), history: useTabList("history") };
  const current = lists[tab];
  const items = current.data ?? [];
  return (
    <>
      <nav className="tabs" aria-label="Mitigations">
        {TABS.map((t) => (
          <Link key={t} href={t === "proposed" ? "/mitigations" : `/mitigations?tab=${t}`} aria-current={t === tab ? "page" : undefined} scroll={false}>
            {TAB[t].label}
            {lists[t].data ? (
              <span className={styles.tabCount}>
                {lists[t].data.length}
                <span className="visually-hidden"> {TAB[t].label.toLowerCase()}</span>
              </span>
            ) : null}
          </Link>
        ))}
      </nav>
      <section className="card" aria-labelledby="tab-h" aria-busy={current.isPending}>
        <h2 id="tab-h">{TAB[tab].label}</h2>
        {current.isPending ? (
          <div className="skeleton" data-testid="mitigations-loading">
            <span className="visually-hidden">Loading mitigations…</span>
            {[0, 1, 2].map((i) => (
              <div key={i} className="skeleton-row" aria-hidden="true" />
            ))}
          </div>
        ) : null}
        {current.error ? (
          <div className="alert alert-error" role="alert">
            <span aria-hidden="true">✕</span>
            <div>
              Could not load mitigations: {current.error.message}.{" "}
              <button type="button" className="btn btn-sm" onClick={() => void current.refetch()}>
                Try again
              </button>
            </div>
          </div>
        ) : null}
        {current.data && items.length === 0 ? (
          <div className="empty" data-testid="mitigations-empty">
            <p>
              <strong>{EMPTY[tab].title}</strong>
            </p>
            <p>{EMPTY[tab].text}</p>
          </div>
        ) : null}
        {items.length > 0 ? (
          <ul className={styles.list}>
            {items.map((m) => (
              <MitigationItem key={m.id} m={m} now={current.dataUpdatedAt} />
            ))}
          </ul>
        ) : null}
      </section>
    </>
  );
}
