import type { TScheduledEvent } from "./events";
import { describeEvent, eventEndMs } from "./events";
import type { SimRunner } from "./runner";
import type { TScenario } from "./scenario";
import type { TScenarioSummary, TSimStatus } from "./schemas";

// Read models for the simulator page and API.

export function summarizeScenario(s: TScenario): TScenarioSummary {
  return {
    name: s.name,
    title: s.title,
    description: s.description,
    durationSeconds: s.duration,
    fixedBy: s.fixedBy ?? null,
    benign: s.benign,
    clusters: s.clusters.map((c) => ({
      name: c.name,
      shards: c.shards,
      nodes: c.nodes,
      replicasPerShard: c.replicasPerShard,
      cacheNodes: c.cache?.nodes ?? 0,
    })),
    events: s.events.map((e) => ({ type: e.type, cluster: e.cluster, atSeconds: e.at, description: describeEvent(e) })),
  };
}

/** Simulated times shown as wall-clock times (what the charts use). */
function eventView(runner: SimRunner, e: TScheduledEvent, stepSeconds: number) {
  const toWall = (simMs: number) => runner.wallTimeAt(simMs);
  const end = eventEndMs(e, stepSeconds);
  return {
    id: e.id,
    type: e.event.type,
    cluster: e.event.cluster,
    description: describeEvent(e.event),
    startsAt: toWall(e.startMs),
    endsAt: Number.isFinite(end) ? toWall(end) : null,
  };
}

export function simulatorStatus(runner: SimRunner | null, intervalSeconds: number): TSimStatus {
  const m = runner?.current ?? null;
  const base = {
    enabled: !!runner,
    running: runner?.state.running ?? false,
    scenario: runner?.state.scenario ?? "",
    speed: runner?.state.speed ?? 1,
    intervalSeconds,
  };
  if (!runner || !m) {
    return {
      ...base,
      simTime: null,
      elapsedSeconds: null,
      durationSeconds: null,
      steps: 0,
      samplesSent: 0,
      lastStepAt: null,
      lastError: runner?.lastError ?? null,
      active: [],
      upcoming: [],
      clusters: [],
      operations: [],
    };
  }
  return {
    ...base,
    simTime: m.simMs,
    elapsedSeconds: Math.round(m.elapsed()),
    durationSeconds: m.scenario.duration,
    steps: runner.steps,
    samplesSent: runner.samplesSent,
    lastStepAt: runner.lastStepAt,
    lastError: runner.lastError,
    active: m.active.map((a) => eventView(runner, a, m.stepSeconds)),
    upcoming: m.upcoming(8).map((e) => eventView(runner, e, m.stepSeconds)),
    clusters: [...m.clusters.values()].map(({ state: s }) => ({
      name: s.spec.name,
      shards: s.shards.length,
      nodes: s.nodes.length,
      replicas: s.shards.reduce((n, x) => n + x.replicas.length, 0),
      cacheNodes: s.cacheNodes.length,
      routingVersion: s.routingVersion,
    })),
    operations: [...m.ops.values()]
      .map((o) => structuredClone(o.op))
      .reverse()
      .slice(0, 20),
  };
}
