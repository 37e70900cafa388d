import { fmtNumber, fmtPercent } from "@/lib/detection/engine/format";

// Which alerts breach a stakeholder-visible SLO, and how to say by how much without internal names.
// The documented set: shard-threshold on p99Ms or errorRate, replica-lag, cache-hit-drop. Load shape
// (hot shard, skew, CPU) is an operator's concern until it shows in latency or errors.

export type TSloRule = { kind: string; params: unknown };
export type TSlo = {
  /** Public name of the SLO, e.g. "p99 latency". */
  name: string;
  /** Draft title phrase: "Elevated latency". */
  headline: string;
  /** The worst of two values (latency: higher is worse; hit ratio: lower is worse). */
  worse: (a: number, b: number) => number;
  /** "p99 up to 812 ms, target 250 ms". */
  impact: (worst: number) => string;
};

function num(params: unknown, key: string, fallback: number): number {
  const v = (params as Record<string, unknown> | null)?.[key];
  return typeof v === "number" && Number.isFinite(v) ? v : fallback;
}

/** The SLO an alert of this rule breaches, or null when the rule is not about one. */
export function sloOf(rule: TSloRule): TSlo | null {
  const p = rule.params;
  if (rule.kind === "shard-threshold") {
    const metric = (p as { metric?: unknown } | null)?.metric;
    const target = num(p, "fireAbove", NaN);
    if (metric === "p99Ms")
      return { name: "p99 latency", headline: "Elevated latency", worse: Math.max, impact: (w) => `p99 up to ${fmtNumber(w)} ms, target ${fmtNumber(target)} ms` };
    if (metric === "errorRate")
      return { name: "Error rate", headline: "Elevated error rate", worse: Math.max, impact: (w) => `error rate up to ${fmtPercent(w)}, target ${fmtPercent(target)}` };
    return null;
  }
  if (rule.kind === "replica-lag") {
    const target = num(p, "fireAboveSeconds", 30);
    return { name: "Data freshness", headline: "Delayed data", worse: Math.max, impact: (w) => `data up to ${fmtNumber(w)} s behind, target ${fmtNumber(target)} s` };
  }
  if (rule.kind === "cache-hit-drop") {
    const drop = num(p, "fireDrop", 0.15);
    return { name: "Cache hit ratio", headline: "Slower responses", worse: Math.min, impact: (w) => `cache hit ratio down to ${fmtPercent(w)}, ${fmtNumber(drop * 100)}+ points under its usual level` };
  }
  return null;
}
