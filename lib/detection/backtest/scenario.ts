import type { TRule } from "@/lib/detection/rules/schema";
import { SimModel } from "@/lib/sim/model";
import { frameToSamples } from "@/lib/sim/samples";
import type { TScenario } from "@/lib/sim/scenario";
import { Replay, type TBacktestOptions, type TBacktestResult } from "./run";

// A simulator scenario replayed through the engine, step by step (no trace is held in memory), for the
// detection benchmarks and tests: the scenario's events say when each incident began.

export type TScenarioReplay = TBacktestResult & {
  startMs: number;
  samples: number;
  /** Each scripted event's start in sample time. */
  events: { type: string; at: number; cluster: string }[];
};

export function replayScenario(
  scenario: TScenario,
  rules: readonly TRule[],
  opts: { startMs?: number; durationMs?: number; stepMs?: number } & Partial<TBacktestOptions> = {},
): TScenarioReplay {
  const startMs = opts.startMs ?? Date.UTC(2026, 10, 23);
  const stepMs = opts.stepMs ?? 5000;
  const durationMs = opts.durationMs ?? scenario.duration * 1000;
  const model = new SimModel(scenario, { startMs, stepSeconds: stepMs / 1000 });
  const replay = new Replay(rules, opts);
  let samples = 0;
  for (let t = startMs; t <= startMs + durationMs; t += stepMs) {
    const batch = frameToSamples(model.step(t), t);
    samples += batch.length;
    replay.push(batch);
  }
  return {
    ...replay.finish(),
    startMs,
    samples,
    events: scenario.events.map((e) => ({ type: e.type, at: startMs + e.at * 1000, cluster: e.cluster })),
  };
}
