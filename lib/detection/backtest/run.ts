import { DetectionEngine } from "@/lib/detection/engine/engine";
import type { TAlert, TTransition } from "@/lib/detection/engine/types";
import { DetectionView, ViewCache } from "@/lib/detection/engine/view";
import type { TRule } from "@/lib/detection/rules/schema";
import { applySample } from "@/lib/telemetry/apply-sample";
import type { TSample } from "@/lib/telemetry/sample";
import { WindowStore } from "@/lib/telemetry/window-store";

// A trace replayed in its own time through the live engine: samples go into a window store in
// timestamp order and the engine evaluates every `evalIntervalMs` of sample time, seeing only what
// had arrived by then. Pure apart from the clockless ids it is handed.

export type TBacktestOptions = {
  /** Evaluations happen when sample time advances (as live, right after data arrives), and at least this often. */
  evalIntervalMs: number;
  /** …but not more often than this (a trace whose samples all have distinct times). */
  minEvalGapMs: number;
  staleMs: number;
  /** Longest look-back any rule needs (baselines): the window store keeps this much. */
  retentionMs: number;
  newId?: () => string;
  /** Called with every evaluation's transitions (benchmarks measure latency from them). */
  onTransitions?: (transitions: TTransition[]) => void;
};

export const BACKTEST_DEFAULTS: TBacktestOptions = { evalIntervalMs: 5000, minEvalGapMs: 1000, staleMs: 30_000, retentionMs: 40 * 60_000 };

export type TBacktestResult = { alerts: TAlert[]; evaluations: number; failures: { ruleId: string; ruleName: string; message: string }[] };

/** Every alert that fired during the trace, in firing order; still firing at the end: no resolvedAt. */
export function runBacktest(samples: readonly TSample[], rules: readonly TRule[], options: Partial<TBacktestOptions> = {}): TBacktestResult {
  const replay = new Replay(rules, options);
  replay.push(inReplayOrder(samples));
  return replay.finish();
}

/**
 * Timestamp order, then the thing's identity: the first sample of each thing fixes its place in the views and
 * so which alert gets which id, so same-time samples must not keep their arrival order. The sort is stable:
 * two samples of one thing at one time stay as they came (last write wins).
 */
function inReplayOrder(samples: readonly TSample[]): TSample[] {
  const keyed = samples.map((s) => ({
    s,
    key: `${s.type}\u0001${s.cluster}\u0001${s.type === "shard" ? s.shard : s.type === "replica" ? s.replica : s.node}`,
  }));
  keyed.sort((a, b) => a.s.ts - b.s.ts || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return keyed.map((k) => k.s);
}

/** The replay as a stream: push samples in timestamp order (in any chunks), then finish(). */
export class Replay {
  private readonly opts: TBacktestOptions;
  private readonly engine: DetectionEngine;
  private readonly store: WindowStore;
  private readonly fired = new Map<string, TAlert>();
  private readonly disabled = new Set<string>();
  private readonly things = new ViewCache();
  private readonly result: TBacktestResult = { alerts: [], evaluations: 0, failures: [] };
  private lastEval = -Infinity;
  private lastTs = NaN;
  private lastGc = -Infinity;

  constructor(
    private readonly rules: readonly TRule[],
    options: Partial<TBacktestOptions> = {},
  ) {
    this.opts = { ...BACKTEST_DEFAULTS, ...options };
    let seq = 0;
    this.engine = new DetectionEngine({ newId: this.opts.newId ?? (() => `bt-${++seq}`) });
    this.store = new WindowStore({ retentionMs: this.opts.retentionMs, maxPointsPerSeries: Math.ceil(this.opts.retentionMs / 1000) + 16 });
  }

  push(samples: readonly TSample[]): void {
    for (const s of samples) {
      // Sample time moved on: evaluate what had arrived by then, before this sample is seen.
      if (s.ts > this.lastTs) this.advance(s.ts);
      applySample(this.store, s, s.ts, noop);
      if (!(s.ts <= this.lastTs)) this.lastTs = s.ts;
    }
  }

  finish(): TBacktestResult {
    if (!Number.isNaN(this.lastTs) && this.lastTs > this.lastEval) this.evaluateAt(this.lastTs);
    for (const a of this.engine.openAlerts()) if (this.fired.has(a.id)) this.fired.set(a.id, a);
    this.result.alerts = [...this.fired.values()].sort((a, b) => (a.firedAt ?? 0) - (b.firedAt ?? 0));
    return this.result;
  }

  private advance(nextTs: number): void {
    if (Number.isNaN(this.lastTs)) return;
    if (this.lastTs - this.lastEval >= this.opts.minEvalGapMs) this.evaluateAt(this.lastTs);
    // A gap in the data: evaluation goes on (silence is a signal too).
    while (this.lastEval + this.opts.evalIntervalMs < nextTs) this.evaluateAt(this.lastEval + this.opts.evalIntervalMs);
  }

  private evaluateAt(t: number): void {
    this.lastEval = t;
    if (t - this.lastGc >= 60_000) {
      this.store.gc(t);
      this.lastGc = t;
    }
    const rules = this.disabled.size ? this.rules.filter((r) => !this.disabled.has(r.id)) : this.rules;
    const evaluation = this.engine.evaluate(rules, DetectionView.of(this.store, t, { staleMs: this.opts.staleMs }, this.things));
    this.result.evaluations++;
    for (const f of evaluation.failures) {
      this.disabled.add(f.ruleId); // as live: a rule that throws is switched off, the others go on
      this.result.failures.push(f);
    }
    for (const tr of evaluation.transitions) {
      if (tr.type === "firing" || (tr.type === "resolved" && this.fired.has(tr.alert.id))) this.fired.set(tr.alert.id, tr.alert);
    }
    this.opts.onTransitions?.(evaluation.transitions);
  }
}

const noop = () => undefined;
