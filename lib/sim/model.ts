import type { TClusterFrame } from "./capacity";
import { settle } from "./capacity";
import type { TClusterState } from "./cluster";
import { carveShard, createClusterState, findShard } from "./cluster";
import type { TActiveEvent, TScheduledEvent } from "./events";
import { activeEvents, eventEndMs } from "./events";
import type { TSimOperation } from "./operations";
import { advanceOperation, isFinal } from "./operations";
import type { TRng } from "./rng";
import { createRng } from "./rng";
import type { TScenario, TSimEvent } from "./scenario";
import type { TTrafficMemo } from "./traffic";
import { createTrafficMemo, routeTraffic } from "./traffic";
import type { TZipf } from "./zipf";
import { createZipf } from "./zipf";

// The simulated world: clusters, the scenario's events (looping in live mode), events triggered
// by hand, and control-plane operations. Pure: it steps on the clock it is handed.

export type TSimCluster = { state: TClusterState; zipf: TZipf; memo: TTrafficMemo; last: TClusterFrame | null };
export type TSimFrame = { simMs: number; dt: number; clusters: Map<string, TClusterFrame>; active: TActiveEvent[] };
export type TSimOptions = { startMs: number; stepSeconds?: number; idPrefix?: string };

export class SimModel {
  readonly clusters = new Map<string, TSimCluster>();
  readonly ops = new Map<string, TSimOperation>();
  readonly stepSeconds: number;
  readonly startMs: number;
  readonly idPrefix: string;
  /** The simulated time of the last step, or the start before the first. */
  simMs: number;
  active: TActiveEvent[] = [];
  private manual: TScheduledEvent[] = [];
  private applied = new Set<string>();
  private readonly rng: TRng;
  private stepped = false;
  private counter = 0;

  constructor(
    readonly scenario: TScenario,
    opts: TSimOptions,
  ) {
    this.startMs = opts.startMs;
    this.simMs = opts.startMs;
    this.stepSeconds = opts.stepSeconds ?? 5;
    this.idPrefix = opts.idPrefix ?? "op";
    this.rng = createRng(scenario.seed);
    for (const spec of scenario.clusters) {
      this.clusters.set(spec.name, {
        state: createClusterState(spec),
        zipf: createZipf(spec.keys, spec.zipfExponent),
        memo: createTrafficMemo(),
        last: null,
      });
    }
  }

  nextId(kind: string): string {
    return `${this.idPrefix}-${kind}-${++this.counter}`;
  }

  /** Seconds into the current pass of the scenario. */
  elapsed(nowMs = this.simMs): number {
    const t = (nowMs - this.startMs) / 1000;
    return this.scenario.loop ? t % this.scenario.duration : t;
  }

  scheduled(nowMs: number): TScheduledEvent[] {
    const durationMs = this.scenario.duration * 1000;
    const loop = Math.floor((nowMs - this.startMs) / durationMs);
    const loops = this.scenario.loop ? [loop - 1, loop].filter((k) => k >= 0) : [0];
    const scripted = loops.flatMap((k) =>
      this.scenario.events.map((event, i) => ({ event, startMs: this.startMs + k * durationMs + event.at * 1000, id: `${k}:${i}` })),
    );
    return [...scripted, ...this.manual];
  }

  /** Starts an event now (or at `atMs`), outside the script. */
  trigger(event: TSimEvent, atMs = this.simMs): TScheduledEvent {
    const scheduled = { event: { ...event, at: 0 }, startMs: atMs, id: `manual:${++this.counter}` };
    this.manual.push(scheduled);
    this.manual = this.manual.filter((e) => eventEndMs(e, this.stepSeconds) > this.simMs);
    return scheduled;
  }

  /** Upcoming scripted and manual events, soonest first. */
  upcoming(limit = 10): TScheduledEvent[] {
    const now = this.simMs;
    const horizon = now + this.scenario.duration * 1000;
    return [...this.scheduled(now), ...this.scheduled(horizon)]
      .filter((e, i, all) => e.startMs > now && all.findIndex((o) => o.id === e.id) === i)
      .sort((a, b) => a.startMs - b.startMs)
      .slice(0, limit);
  }

  private applyOneShots(active: TActiveEvent[]): void {
    for (const a of active) {
      if (this.applied.has(a.id)) continue;
      const cluster = this.clusters.get(a.event.cluster)?.state;
      if (!cluster) continue;
      const e = a.event;
      if (e.type === "cache-restart") {
        // Down while restarting: every get misses, nothing is kept.
        const node = cluster.cacheNodes.find((c) => c.id === e.node);
        if (node) node.filled = 0;
        continue;
      } else if (e.type === "shard-added") {
        const parent = findShard(cluster, e.shard);
        const target = cluster.nodes.find((n) => n.id !== parent?.node) ?? cluster.nodes[0]!;
        if (parent) carveShard(cluster, parent, Math.round(parent.end - (parent.end - parent.start) * e.fraction), target.id);
      } else continue;
      this.applied.add(a.id);
    }
  }

  step(nowMs: number): TSimFrame {
    const dt = this.stepped ? Math.max(0.001, (nowMs - this.simMs) / 1000) : this.stepSeconds;
    this.stepped = true;
    this.simMs = nowMs;
    this.active = activeEvents(this.scheduled(nowMs), nowMs, this.stepSeconds);
    this.applyOneShots(this.active);
    for (const c of this.clusters.values()) for (const sh of c.state.shards) sh.copyLoad = sh.cutoverFailure = 0;
    for (const s of this.ops.values()) {
      if (!isFinal(s.op.phase)) advanceOperation(s, nowMs, dt, this.clusters.get(s.op.cluster)!.state.spec.readFraction);
    }
    const clusters = new Map<string, TClusterFrame>();
    for (const [name, c] of this.clusters) {
      const load = routeTraffic(c.state, this.active, c.zipf, nowMs, this.rng, c.memo);
      c.last = settle(c.state, load, this.active, dt, this.rng);
      clusters.set(name, c.last);
    }
    this.countCutoverFailures(clusters, dt);
    return { simMs: nowMs, dt, clusters, active: this.active };
  }

  private countCutoverFailures(clusters: Map<string, TClusterFrame>, dt: number): void {
    for (const s of this.ops.values()) {
      if (!s.shard || s.shard.cutoverFailure <= 0) continue;
      const f = clusters.get(s.op.cluster)?.shards.find((x) => x.shard === s.shard);
      if (f) s.op.failedRequests += f.qps * s.shard.cutoverFailure * dt;
    }
  }
}
