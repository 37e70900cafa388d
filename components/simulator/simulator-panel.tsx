"use client";

import { useQuery } from "@tanstack/react-query";
import { fetchJson } from "@/components/api/fetch-json";
import { StatusBadge } from "@/components/ui/status-badge";
import { SimulatorControls } from "./simulator-controls";
import { TriggerEventForm } from "./trigger-event-form";
import { duration, relative, simulatorKeys, type TSimEventView, type TSimOperation, type TSimStatus } from "./types";

const PHASE_TONE: Record<string, "ok" | "warn" | "crit" | "neutral"> = { done: "ok", failed: "crit", "rolled-back": "warn" };

function EventList({ title, events, now, empty }: { title: string; events: TSimEventView[]; now: number; empty: string }) {
  return (
    <div>
      <h3>{title}</h3>
      {events.length ? (
        <ul className="plain-list">
          {events.map((e) => (
            <li key={e.id}>
              <strong>{e.cluster}</strong>: {e.description}{" "}
              <span className="muted">
                ({relative(e.startsAt, now)}
                {e.endsAt ? `, ends ${relative(e.endsAt, now)}` : ""})
              </span>
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">{empty}</p>
      )}
    </div>
  );
}

function Operations({ ops, now }: { ops: TSimOperation[]; now: number }) {
  if (!ops.length) return <p className="muted">No control-plane operations yet. Mitigations run here once approved.</p>;
  return (
    <div className="table-wrap">
      <table>
        <thead>
          <tr>
            <th scope="col">Operation</th>
            <th scope="col">Target</th>
            <th scope="col">Phase</th>
            <th scope="col">Progress</th>
            <th scope="col">Failed requests</th>
            <th scope="col">Started</th>
          </tr>
        </thead>
        <tbody>
          {ops.map((op) => (
            <tr key={op.id}>
              <td>
                {op.kind}
                {op.rollbackOf ? <span className="muted"> (rollback of {op.rollbackOf})</span> : null}
              </td>
              <td>
                {op.cluster}/{op.target}
              </td>
              <td>
                <StatusBadge tone={PHASE_TONE[op.phase] ?? "neutral"}>{op.phase}</StatusBadge>
              </td>
              <td>
                <progress value={op.progress} max={1} aria-label={`${op.id} progress`} /> {Math.round(op.progress * 100)}%
              </td>
              <td>{Math.round(op.failedRequests).toLocaleString()}</td>
              <td>{relative(op.startedAt, now)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function SimulatorPanel({ canEdit }: { canEdit: boolean }) {
  const q = useQuery({ queryKey: simulatorKeys.status(), queryFn: () => fetchJson<TSimStatus>("/api/v1/simulator"), refetchInterval: 2000 });
  if (q.isPending) return <p className="muted">Loading the simulator…</p>;
  if (q.isError)
    return (
      <div className="alert alert-error" role="alert">
        The simulator status could not be loaded: {q.error.message}
      </div>
    );
  const s = q.data;
  const now = q.dataUpdatedAt; // the moment of this answer: relative times stay stable between polls
  if (!s.enabled) {
    return (
      <section className="card">
        <h2>Simulator</h2>
        <p>The built-in simulator is turned off on this server (SHARDWATCH_SIMULATOR=off). Set it to on and restart to get a simulated cluster.</p>
      </section>
    );
  }
  return (
    <>
      <section className="card" aria-labelledby="sim-status-h">
        <h2 id="sim-status-h">Simulator {s.running ? <StatusBadge tone="ok">Running</StatusBadge> : <StatusBadge tone="neutral">Stopped</StatusBadge>}</h2>
        {s.lastError ? (
          <div className="alert alert-error" role="alert">
            Last step failed: {s.lastError}
          </div>
        ) : null}
        <div className="grid">
          <div className="stat">
            <span className="muted">Scenario time</span>
            <span className="value">
              {s.elapsedSeconds !== null && s.durationSeconds ? `${duration(s.elapsedSeconds)} of ${duration(s.durationSeconds)}` : "—"}
            </span>
          </div>
          <div className="stat">
            <span className="muted">Speed</span>
            <span className="value">{s.speed}×</span>
          </div>
          <div className="stat">
            <span className="muted">Samples sent</span>
            <span className="value">{s.samplesSent.toLocaleString()}</span>
          </div>
          <div className="stat">
            <span className="muted">Last step</span>
            <span className="value">{s.lastStepAt ? relative(s.lastStepAt, now) : "—"}</span>
          </div>
        </div>
        <p className="muted">
          Every {s.intervalSeconds} s the model steps and its telemetry goes through the same ingest path as real clients.{" "}
          {s.clusters
            .map(
              (c) =>
                `${c.name}: ${c.shards} shards, ${c.replicas} replicas, ${c.nodes} nodes${c.cacheNodes ? `, ${c.cacheNodes} cache nodes` : ""} (routing v${c.routingVersion})`,
            )
            .join(" · ")}
        </p>
      </section>
      <SimulatorControls key={`${s.scenario}-${s.speed}-${s.running}`} status={s} canEdit={canEdit} />
      <section className="card" aria-labelledby="sim-events-h">
        <h2 id="sim-events-h">Events</h2>
        <div className="grid">
          <EventList title="Happening now" events={s.active} now={now} empty="Nothing unusual right now." />
          <EventList
            title="Coming up"
            events={s.upcoming}
            now={now}
            empty={s.running ? "No more scripted events." : "Start the simulator to see its script."}
          />
        </div>
      </section>
      {canEdit && s.running ? <TriggerEventForm status={s} /> : null}
      <section className="card" aria-labelledby="sim-ops-h">
        <h2 id="sim-ops-h">Control-plane operations</h2>
        <Operations ops={s.operations} now={now} />
      </section>
    </>
  );
}
