import { DetectionEngine, type TEngineOptions, type TEvaluation } from "@/lib/detection/engine/engine";
import type { TTransition } from "@/lib/detection/engine/types";
import { DetectionView } from "@/lib/detection/engine/view";
import type { TRule } from "@/lib/detection/rules/schema";
import { applySample } from "@/lib/telemetry/apply-sample";
import type { TCacheSample, TReplicaSample, TSample, TShardSample } from "@/lib/telemetry/sample";
import { WindowStore } from "@/lib/telemetry/window-store";

// Shared by the detection engine tests: a fixed clock, sample builders and an engine over a window store.

export const T0 = Date.UTC(2026, 10, 23);
export const STEP_MS = 5000;
export const STALE_MS = 30_000;

/** T0 plus `seconds`. */
export const at = (seconds: number): number => T0 + seconds * 1000;

export const shard = (
  cluster: string,
  id: string,
  ts: number,
  m: Omit<TShardSample, "type" | "cluster" | "shard" | "node" | "ts">,
  node = `${cluster}-db-1`,
): TShardSample => ({
  type: "shard",
  cluster,
  shard: id,
  node,
  ts,
  ...m,
});

export const replica = (cluster: string, shardId: string, ts: number, lagSeconds: number): TReplicaSample => ({
  type: "replica",
  cluster,
  shard: shardId,
  replica: `${shardId}-r1`,
  ts,
  lagSeconds,
});

export const cache = (cluster: string, node: string, ts: number, m: Omit<TCacheSample, "type" | "cluster" | "node" | "ts">): TCacheSample => ({
  type: "cache",
  cluster,
  node,
  ts,
  ...m,
});

/** Sample times every STEP_MS from `fromS` (inclusive) to `toS` (exclusive), in seconds after T0. */
export function times(fromS: number, toS: number): number[] {
  const out: number[] = [];
  for (let t = at(fromS); t < at(toS); t += STEP_MS) out.push(t);
  return out;
}

/** A small deterministic wobble, so series are not all identical (i: series index, k: step). */
export const wobble = (i: number, k: number): number => ((i * 7 + k * 3) % 5) - 2;

/** An engine with counted ids over its own window store, evaluated at explicit event times. */
export class EngineHarness {
  readonly store = new WindowStore({ retentionMs: 40 * 60_000, maxPointsPerSeries: 4096 });
  readonly engine: DetectionEngine;
  /** Every transition so far, oldest first. */
  readonly log: TTransition[] = [];
  private ids = 0;

  constructor(
    public rules: TRule[],
    opts: Partial<TEngineOptions> = {},
    resume: ConstructorParameters<typeof DetectionEngine>[1] = [],
  ) {
    this.engine = new DetectionEngine({ newId: () => `alert-${++this.ids}`, ...opts }, resume);
  }

  feed(...samples: TSample[]): void {
    for (const s of samples) applySample(this.store, s, s.ts, () => undefined);
  }

  evaluate(now: number, rules: TRule[] = this.rules): TEvaluation {
    const evaluation = this.engine.evaluate(rules, DetectionView.of(this.store, now, { staleMs: STALE_MS }));
    this.log.push(...evaluation.transitions);
    return evaluation;
  }

  /** Feeds `make(ts)` and evaluates at ts, for each ts; returns the transitions of those steps. */
  run(tss: number[], make: (ts: number) => TSample[]): TTransition[] {
    const from = this.log.length;
    for (const ts of tss) {
      this.feed(...make(ts));
      this.evaluate(ts);
    }
    return this.log.slice(from);
  }
}

/** Transitions as [type, seconds after T0, alert id] for compact expectations. */
export const brief = (ts: TTransition[]): [string, number, string][] => ts.map((t) => [t.type, (t.at - T0) / 1000, t.alert.id]);
