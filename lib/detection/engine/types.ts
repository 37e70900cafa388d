import type { TSeverity } from "@/lib/detection/rules/schema";

// What the engine produces. Times are milliseconds since the epoch in event time (sample time).

/** The thing that is wrong: shard {cluster, shard, node}, replica {cluster, shard, replica},
 *  cache node {cluster, node}, hot key {cluster, node, key}, cluster {cluster}. */
export type TAlertLabels = { cluster: string; shard?: string; replica?: string; node?: string; key?: string };

export const ALERT_STATES = ["pending", "firing", "resolved"] as const;
export type TAlertState = (typeof ALERT_STATES)[number];

export type TAlert = {
  id: string;
  /** Rule id and the target's identity: one open alert per fingerprint. */
  fingerprint: string;
  ruleId: string;
  ruleName: string;
  severity: TSeverity;
  state: TAlertState;
  labels: TAlertLabels;
  /** The rule's headline statistic at the last evaluation (a share, seconds of lag, a ratio…). */
  value: number;
  /** One line a human understands: "orders/s-07 takes 41% of cluster qps (fair share 3%) for 45 s". */
  summary: string;
  /** Onset: the timestamp of the first sample that satisfied the condition. */
  activeAt: number;
  firedAt: number | null;
  resolvedAt: number | null;
  /** The evaluation time of the last change of value or state. */
  lastEvalAt: number;
  /** It fired again soon after resolving: one open alert instead of a new page each time. */
  flapping: boolean;
  /** Times it re-fired within the rule's flap window. */
  flapCount: number;
};

/**
 * - `pending`: condition met, waiting out `for` (new alert).
 * - `firing`: fired; `notify` is false when it was reopened as flapping.
 * - `resolved`: clear condition held for `clearFor` (or the target is gone).
 * - `cancelled`: a pending alert whose condition stopped holding before `for`: it never fired and is dropped.
 * - `updated`: value or summary of an open alert changed (persisted lazily).
 */
export type TTransitionType = "pending" | "firing" | "resolved" | "cancelled" | "updated";

export type TTransition = {
  type: TTransitionType;
  /** The alert after the transition. */
  alert: TAlert;
  /** Evaluation time (event time). */
  at: number;
  /** Whether integrations should hear of it (silences are applied later, by the notifier). */
  notify: boolean;
};

/** Firing latency: from the first sample that met the condition to the evaluation that fired. */
export function detectionLatencyMs(a: Pick<TAlert, "activeAt" | "firedAt">): number | null {
  return a.firedAt === null ? null : a.firedAt - a.activeAt;
}
