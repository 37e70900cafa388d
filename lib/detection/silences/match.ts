import type { TAlert } from "@/lib/detection/engine/types";

// Pure silence matching, as in Alertmanager: every matcher must hold; a label the alert lacks has the
// value ""; regular expressions are anchored at both ends ("s-0." matches "s-07", not "s-070").

export const MATCHER_LABELS = ["cluster", "shard", "replica", "node", "key", "rule", "severity"] as const;
export type TMatcherLabel = (typeof MATCHER_LABELS)[number];
export const MATCHER_OPS = ["=", "!=", "=~", "!~"] as const;
export type TMatcherOp = (typeof MATCHER_OPS)[number];

export type TMatcher = { label: TMatcherLabel; op: TMatcherOp; value: string };
/** Times in ms; the silence holds on [startsAt, endsAt). */
export type TSilenceSpec = { matchers: readonly TMatcher[]; startsAt: number; endsAt: number };
export type TMatchableAlert = Pick<TAlert, "labels" | "ruleName" | "severity">;

const regexCache = new Map<string, RegExp>();

/** The anchored regular expression of a `=~` / `!~` value; throws SyntaxError when it is not valid. */
export function matcherRegex(value: string): RegExp {
  let re = regexCache.get(value);
  if (!re) {
    re = new RegExp(`^(?:${value})$`);
    if (regexCache.size >= 1000) regexCache.clear();
    regexCache.set(value, re);
  }
  return re;
}

export function alertLabel(alert: TMatchableAlert, label: TMatcherLabel): string {
  if (label === "rule") return alert.ruleName;
  if (label === "severity") return alert.severity;
  return alert.labels[label] ?? "";
}

export function matcherMatchesValue(m: TMatcher, actual: string): boolean {
  switch (m.op) {
    case "=":
      return actual === m.value;
    case "!=":
      return actual !== m.value;
    case "=~":
      return matcherRegex(m.value).test(actual);
    case "!~":
      return !matcherRegex(m.value).test(actual);
  }
}

export function silenceMatches(silence: TSilenceSpec, alert: TMatchableAlert, now: number): boolean {
  if (now < silence.startsAt || now >= silence.endsAt) return false;
  return silence.matchers.every((m) => matcherMatchesValue(m, alertLabel(alert, m.label)));
}

export function isSilenced(silences: readonly TSilenceSpec[], alert: TMatchableAlert, now: number): boolean {
  return silences.some((s) => silenceMatches(s, alert, now));
}
