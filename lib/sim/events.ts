import type { TSimEvent } from "./scenario";

// Which events act at a moment, and how strongly (ramps make gradual incidents).

export type TScheduledEvent = { event: TSimEvent; /** Absolute simulated start, ms. */ startMs: number; id: string };
export type TActiveEvent = TScheduledEvent & { intensity: number; /** Seconds since it started. */ age: number };

const ONE_STEP_TYPES = new Set<TSimEvent["type"]>(["spike", "lag-blip", "shard-added"]);
const CACHE_RESTART_SECONDS = 60; // a restart takes the node away this long unless the event says otherwise

export function eventEndMs(e: TScheduledEvent, stepSeconds: number): number {
  const fallback = e.event.type === "cache-restart" ? CACHE_RESTART_SECONDS : ONE_STEP_TYPES.has(e.event.type) ? stepSeconds : Infinity;
  const duration = e.event.duration ?? fallback;
  return e.startMs + duration * 1000;
}

export function activeEvents(events: readonly TScheduledEvent[], nowMs: number, stepSeconds: number): TActiveEvent[] {
  const out: TActiveEvent[] = [];
  for (const e of events) {
    if (nowMs < e.startMs || nowMs >= eventEndMs(e, stepSeconds)) continue;
    const age = (nowMs - e.startMs) / 1000;
    const intensity = e.event.ramp > 0 ? Math.min(1, age / e.event.ramp) : 1;
    out.push({ ...e, intensity, age });
  }
  return out;
}

export function eventsOf<T extends TSimEvent["type"]>(
  active: readonly TActiveEvent[],
  cluster: string,
  type: T,
): (TActiveEvent & { event: Extract<TSimEvent, { type: T }> })[] {
  return active.filter((a): a is TActiveEvent & { event: Extract<TSimEvent, { type: T }> } => a.event.type === type && a.event.cluster === cluster);
}

/** A one-line human description for the simulator page. */
export function describeEvent(e: TSimEvent): string {
  switch (e.type) {
    case "celebrity-key":
      return `celebrity key ${e.key ?? `rank ${e.rank ?? 1}`} ×${e.multiplier}`;
    case "hot-range":
      return `hot range on ${e.shard}: +${e.qps} req/s`;
    case "warm-node":
      return `${e.shards} shards on ${e.node} ×${e.multiplier}`;
    case "surge":
      return `fleet-wide surge ×${e.multiplier}`;
    case "node-failure":
      return `node ${e.node} fails`;
    case "slow-replica":
      return `replica ${e.replica} applies at ${Math.round(e.factor * 100)}% speed`;
    case "replica-partition":
      return `replica ${e.replica} cut off${e.reports ? "" : ", not reporting"}`;
    case "replica-stall":
      return `replica ${e.replica} stalls and reports 0 lag`;
    case "cache-restart":
      return `cache node ${e.node} restarts and comes back cold`;
    case "cache-stampede":
      return `stampede on the ${e.keys} hottest keys`;
    case "shard-added":
      return `a shard is carved out of ${e.shard}`;
    case "spike":
      return `one-sample spike on ${e.shard} ×${e.multiplier}`;
    case "lag-blip":
      return `one-step lag blip of ${e.seconds}s on ${e.replica}`;
  }
}
