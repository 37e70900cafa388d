"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { fetchJson } from "@/components/api/fetch-json";
import { FormError } from "@/components/ui/form";
import { StatusBadge } from "@/components/ui/status-badge";
import { duration, simulatorKeys, type TScenarioSummary, type TSimStatus } from "./types";

const SPEEDS = [1, 2, 5, 10, 30, 60];

export function SimulatorControls({ status, canEdit }: { status: TSimStatus; canEdit: boolean }) {
  const qc = useQueryClient();
  const scenarios = useQuery({
    queryKey: simulatorKeys.scenarios(),
    queryFn: () => fetchJson<{ scenarios: TScenarioSummary[] }>("/api/v1/simulator/scenarios"),
  });
  const [scenario, setScenario] = useState(status.scenario);
  const [speed, setSpeed] = useState(status.speed);
  const update = useMutation({
    mutationFn: (json: { running?: boolean; scenario?: string; speed?: number }) => fetchJson<TSimStatus>("/api/v1/simulator", { method: "PUT", json }),
    onSuccess: (data) => qc.setQueryData(simulatorKeys.status(), data),
  });
  const chosen = scenarios.data?.scenarios.find((s) => s.name === scenario);
  const dirty = scenario !== status.scenario || speed !== status.speed;
  return (
    <section className="card" aria-labelledby="sim-controls-h">
      <h2 id="sim-controls-h">Scenario</h2>
      <FormError error={update.error} fields={[]} />
      <div className="form-row">
        <div className="field">
          <label htmlFor="sim-scenario">Scenario</label>
          <select id="sim-scenario" value={scenario} onChange={(e) => setScenario(e.target.value)} disabled={!canEdit || update.isPending}>
            {(scenarios.data?.scenarios ?? [{ name: status.scenario, title: status.scenario }]).map((s) => (
              <option key={s.name} value={s.name}>
                {s.title}
              </option>
            ))}
          </select>
        </div>
        <div className="field" style={{ flex: "0 1 140px" }}>
          <label htmlFor="sim-speed">Speed</label>
          <select id="sim-speed" value={speed} onChange={(e) => setSpeed(Number(e.target.value))} disabled={!canEdit || update.isPending}>
            {[...new Set([...SPEEDS, status.speed])]
              .sort((a, b) => a - b)
              .map((s) => (
                <option key={s} value={s}>
                  {s}× {s === 1 ? "(real time)" : ""}
                </option>
              ))}
          </select>
        </div>
        {canEdit ? (
          <div className="actions">
            {status.running ? (
              <>
                <button type="button" className="btn btn-primary" disabled={!dirty || update.isPending} onClick={() => update.mutate({ scenario, speed })}>
                  Apply
                </button>
                <button type="button" className="btn btn-danger" disabled={update.isPending} onClick={() => update.mutate({ running: false })}>
                  Stop
                </button>
              </>
            ) : (
              <button type="button" className="btn btn-primary" disabled={update.isPending} onClick={() => update.mutate({ running: true, scenario, speed })}>
                Start
              </button>
            )}
          </div>
        ) : null}
      </div>
      {chosen ? (
        <div className="scenario-about">
          <p>{chosen.description}</p>
          <p className="muted">
            {chosen.clusters.map((c) => `${c.name}: ${c.shards} shards on ${c.nodes} nodes${c.cacheNodes ? `, ${c.cacheNodes} cache nodes` : ""}`).join(" · ")}{" "}
            · script {duration(chosen.durationSeconds)} {chosen.fixedBy ? <StatusBadge tone="neutral">fixed by {chosen.fixedBy}</StatusBadge> : null}{" "}
            {chosen.benign ? <StatusBadge tone="ok">benign: nothing should alert</StatusBadge> : null}
          </p>
        </div>
      ) : null}
      {!canEdit ? <p className="muted">Operators can start, stop and switch scenarios.</p> : null}
    </section>
  );
}
