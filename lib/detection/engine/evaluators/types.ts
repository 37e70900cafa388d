import type { TAlertLabels } from "@/lib/detection/engine/types";
import type { TRule } from "@/lib/detection/rules/schema";
import type { DetectionView, TThing, TTargetId } from "@/lib/detection/engine/view";
import type { TSeriesLabels } from "@/lib/telemetry/points";

// An evaluator turns one rule and the view at `now` into findings, one per target it has an opinion on.

/** fire: the condition holds; clear: the clear condition holds; hold: between the two (hysteresis). */
export type TFindingStatus = "fire" | "hold" | "clear";

export type TFinding = {
  /** The target's identity within the rule (stable when a shard moves to another node). */
  target: string;
  labels: TAlertLabels;
  status: TFindingStatus;
  value: number;
  /** Time of the sample the finding rests on: the onset when it is the first to fire. */
  sampleTs: number;
  /** What is wrong, without the duration: "orders/s-07 takes 41% of cluster qps (fair share 3%)". */
  text: string;
};

/** Per-rule memory kept across evaluations (baselines, detector state), keyed by the evaluator. */
export type TRuleMemory = Map<string, unknown>;

export type TEvalContext<R extends TRule = TRule> = {
  rule: R;
  view: DetectionView;
  /** Targets with an open alert for this rule: they get a finding even when clear. */
  open: ReadonlySet<string>;
  memory: TRuleMemory;
};

export type TEvaluator<R extends TRule = TRule> = (ctx: TEvalContext<R>) => TFinding[];

/** Emits a finding unless it is clear and nothing is open for it (most targets, most of the time). */
export function push(out: TFinding[], ctx: TEvalContext, f: TFinding): void {
  if (f.status !== "clear" || ctx.open.has(f.target)) out.push(f);
}

/** A value computed at most every `maxAgeMs` of event time per key (baselines move slowly). */
export function memo<T>(ctx: TEvalContext, key: string, maxAgeMs: number, compute: () => T): T {
  const hit = ctx.memory.get(key) as { at: number; value: T } | undefined;
  const now = ctx.view.now;
  if (hit && now - hit.at < maxAgeMs && now >= hit.at) return hit.value;
  const value = compute();
  ctx.memory.set(key, { at: now, value });
  return value;
}

export function inScope(rule: TRule, cluster: string): boolean {
  return rule.cluster === undefined || rule.cluster === cluster;
}

export type { TTargetId } from "@/lib/detection/engine/view";

/** A thing's alert target and labels, made once per thing (and again only when its labels change). */
export function targetId(t: TThing, make: (l: TSeriesLabels) => { target: string; labels: TAlertLabels }): TTargetId {
  if (t.id?.from !== t.labels) t.id = { ...make(t.labels), from: t.labels };
  return t.id;
}

/** Whether a target whose finding is clear still needs one: it may have an open alert (labels touched only then). */
export function mayBeOpen(ctx: TEvalContext, t: TThing, make: (l: TSeriesLabels) => { target: string; labels: TAlertLabels }): boolean {
  return ctx.open.size > 0 && ctx.open.has(targetId(t, make).target);
}
