"use client";

import { useQuery } from "@tanstack/react-query";
import { fetchJson } from "@/components/api/fetch-json";
import { mitigationKeys } from "@/components/api/query-keys";
import { MitigationItem } from "./mitigation-item";
import styles from "./mitigations.module.css";
import type { TMitigation } from "./format";

// Proposals follow a firing within seconds; until then (and for alerts no catalog action fits) the
// section says which of the two it is.
const JUST_FIRED_MS = 60_000;

/** This alert's proposed mitigations, first choice first, each linking to its detail. */
export function AlertMitigations({ alert }: { alert: { id: string; state: string; firedAt?: number | undefined } }) {
  const q = useQuery({
    queryKey: mitigationKeys.list({ states: [], alertId: alert.id }),
    queryFn: () => fetchJson<{ mitigations: TMitigation[] }>(`/api/v1/mitigations?alertId=${encodeURIComponent(alert.id)}`).then((r) => r.mitigations),
    refetchInterval: 5_000,
  });
  const items = [...(q.data ?? [])].sort((a, b) => a.rank - b.rank || b.createdAt - a.createdAt);
  const now = q.dataUpdatedAt;
  const waiting = alert.state === "firing" && alert.firedAt !== undefined && now - alert.firedAt < JUST_FIRED_MS;
  return (
    <section className="card" aria-labelledby="alert-mitigations-h" data-testid="alert-mitigations">
      <h2 id="alert-mitigations-h">Proposed mitigations</h2>
      {q.error ? (
        <div className="alert alert-error" role="alert">
          Could not load proposals: {q.error.message}
        </div>
      ) : null}
      {q.isPending ? <p className="muted">Loading proposals…</p> : null}
      {q.data && items.length === 0 ? (
        <p className="muted" data-testid="alert-mitigations-empty">
          {waiting
            ? "Proposals appear within seconds of firing; Shardwatch is gathering the shard's load, its node and its busiest keys."
            : alert.state === "pending"
              ? "Proposals are made once the alert fires."
              : "No catalog action fits this alert (or it is not about a shard): nothing was proposed."}
        </p>
      ) : null}
      {items.length > 0 ? (
        <ul className={styles.list}>
          {items.map((m) => (
            <MitigationItem key={m.id} m={m} now={now} showCluster={false} />
          ))}
        </ul>
      ) : null}
    </section>
  );
}
