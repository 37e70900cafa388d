import type { TExpectation } from "./choose";

// After cutover: did it do what the plan said? Each expectation (a shard's load, a node's
// utilisation) is measured again and judged against its prediction. Pure.

export type TCheck = TExpectation & { measured: number | null; verdict: "met" | "partly" | "missed" | "worse" | "unknown" };
export type TVerification = { outcome: "improved" | "unchanged" | "worse"; checks: TCheck[]; failedRequests: number; summary: string };

/** A prediction is met when at least 70% of the predicted change happened, partly from 30%. */
export function judgeCheck(e: TExpectation, measured: number | null): TCheck {
  if (measured === null || !Number.isFinite(measured)) return { ...e, measured: null, verdict: "unknown" };
  const predicted = e.before - e.after; // positive: it should fall
  const happened = e.before - measured;
  const tolerance = Math.max(Math.abs(e.before) * 0.1, 1e-9);
  let verdict: TCheck["verdict"];
  if (predicted > 0 && measured > e.before + tolerance) verdict = "worse";
  else if (predicted <= 0) verdict = measured <= e.after + tolerance ? "met" : "missed";
  else verdict = happened >= 0.7 * predicted ? "met" : happened >= 0.3 * predicted ? "partly" : "missed";
  return { ...e, measured, verdict };
}

// Measured values are raw samples (3002.300048828125); the plan's are whole numbers already.
const whole = (v: number) => Math.round(v).toLocaleString("en-US");
const fmt = (c: TCheck) => `${c.what} of ${c.target}: ${whole(c.before)} → ${c.measured === null ? "?" : whole(c.measured)} ${c.unit} (plan ${whole(c.after)})`;

export function judge(expected: readonly TExpectation[], measure: (e: TExpectation) => number | null, failedRequests: number): TVerification {
  const checks = expected.map((e) => judgeCheck(e, measure(e)));
  // The first expectation is the one the action is for (the hot shard, the saturated node).
  const main = checks[0];
  const outcome: TVerification["outcome"] =
    checks.some((c) => c.verdict === "worse") ? "worse" : main && (main.verdict === "met" || main.verdict === "partly") ? "improved" : "unchanged";
  const summary =
    outcome === "improved"
      ? `Worked: ${checks.map(fmt).join("; ")}.`
      : outcome === "worse"
        ? `Made things worse: ${checks.filter((c) => c.verdict === "worse").map(fmt).join("; ")}. Roll it back.`
        : `No clear effect: ${checks.map(fmt).join("; ")}.`;
  return { outcome, checks, failedRequests, summary };
}
