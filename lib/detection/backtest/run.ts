import { DetectionEngine } from "@/lib/detection/engine/engine";
import type { TAlert, TTransition } from "@/lib/detection/engine/types";
import { DetectionView } from "@/lib/detection/engine/view";
import type { TRule } from "@/lib/detection/rules/schema";
import { applySample } from "@/lib/telemetry/apply-sample";
import type { TSample } from "@/lib/telemetry/sample";
import { WindowStore } from "@/lib/telemetry/window-store";

// A trace replayed in its own time through the live engine: samples go into a window store in
// timestamp order and the engine evaluates every `evalIntervalMs` of sample time, seeing only what
// had arrived by then. Pure apart from the clockless ids it is handed.

export type TBacktestOptions = {
  evalIntervalMs: number;
  staleMs: number;
  /** Longest look-back any rule needs (baselines): the window store keeps this much. */
  retentionMs: number;
  newId?: () => string;
  /** Called with every evaluation's transitions (benchmarks measure latency from them). */
  onTransitions?: (transitions: TTransition[]) => void;
};

export const BACKTEST_DEFAULTS: TBacktestOptions = { evalIntervalMs: 5000, staleMs: 30_000, retentionMs: 40 * 60_000 };

export type TBacktestResult = { alerts: TAlert[]; evaluations: number; failures: { ruleId: string; ruleName: string; message: string }[] };

/** Every alert that fired during the trace, in firing order; still firing at the end: no resolvedAt. */
export function runBacktest(samples: readonly TSample[], rules: readonly TRule[], options: Partial<TBacktestOptions> = {}): TBacktestResult {
  const opts = { ...BACKTEST_DEFAULTS, ...options };
  const sorted = [...samples].sort((a, b) => a.ts - b.ts);
  const result: TBacktestResult = { alerts: [], evaluations: 0, failures: [] };
  if (!sorted.length) return result;
  let seq = 0;
  const engine = new DetectionEngine({ newId: opts.newId ?? (() => `bt-${++seq}`) });
  const store = new WindowStore({ retentionMs: opts.retentionMs, maxPointsPerSeries: Math.ceil(opts.retentionMs / 1000) + 16 });
  const fired = new Map<string, TAlert>();
  const disabled = new Set<string>();
  const noop = () => undefined;
  const step = opts.evalIntervalMs;
  const last = sorted[sorted.length - 1]!.ts;
  let i = 0;
  let lastGc = sorted[0]!.ts;
  for (let t = Math.ceil(sorted[0]!.ts / step) * step; ; t = Math.min(t + step, Math.max(last, t + 1))) {
    while (i < sorted.length && sorted[i]!.ts <= t) applySample(store, sorted[i++]!, t, noop);
    if (t - lastGc >= 60_000) {
      store.gc(t);
      lastGc = t;
    }
    const live = disabled.size ? rules.filter((r) => !disabled.has(r.id)) : rules;
    const evaluation = engine.evaluate(live, DetectionView.of(store, t, { staleMs: opts.staleMs }));
    result.evaluations++;
    for (const f of evaluation.failures) {
      disabled.add(f.ruleId); // as live: a rule that throws is switched off, the others go on
      result.failures.push(f);
    }
    for (const tr of evaluation.transitions) {
      if (tr.type === "firing" || (tr.type === "resolved" && fired.has(tr.alert.id))) fired.set(tr.alert.id, tr.alert);
    }
    opts.onTransitions?.(evaluation.transitions);
    if (t >= last) break;
  }
  for (const a of engine.openAlerts()) if (fired.has(a.id)) fired.set(a.id, a);
  result.alerts = [...fired.values()].sort((a, b) => (a.firedAt ?? 0) - (b.firedAt ?? 0));
  return result;
}
