import { z } from "zod";
import { FINISHED, type TImpact, type TLevel, type TNoticeKind, type TNoticeStatus } from "./levels";

// The page's one-line status, like Statuspage's `status { indicator, description }`: the worst of
// what the components say and what the open notices' impact says. Pure: no clock, no I/O.

export const INDICATORS = ["none", "maintenance", "minor", "major", "critical"] as const;
export const ZIndicator = z.enum(INDICATORS);
export type TIndicator = z.infer<typeof ZIndicator>;

export const INDICATOR_DESCRIPTION: Record<TIndicator, string> = {
  none: "All Systems Operational",
  maintenance: "Service Under Maintenance",
  minor: "Minor Service Outage",
  major: "Partial System Outage",
  critical: "Major System Outage",
};

const FROM_LEVEL: Record<TLevel, TIndicator> = {
  operational: "none",
  under_maintenance: "maintenance",
  degraded_performance: "minor",
  partial_outage: "major",
  major_outage: "critical",
};

const FROM_IMPACT: Record<TImpact, TIndicator> = { none: "none", minor: "minor", major: "major", critical: "critical" };

export type TOverallInput = {
  components: readonly { level: TLevel }[];
  notices: readonly { kind: TNoticeKind; impact: TImpact; status: TNoticeStatus }[];
};

function noticeIndicator(n: TOverallInput["notices"][number]): TIndicator {
  if (FINISHED.includes(n.status)) return "none";
  if (n.kind !== "maintenance") return FROM_IMPACT[n.impact];
  return n.status === "in_progress" || n.status === "verifying" ? "maintenance" : "none";
}

export function overallStatus(input: TOverallInput): { indicator: TIndicator; description: string } {
  let worst: TIndicator = "none";
  const consider = (i: TIndicator) => {
    if (INDICATORS.indexOf(i) > INDICATORS.indexOf(worst)) worst = i;
  };
  for (const c of input.components) consider(FROM_LEVEL[c.level]);
  for (const n of input.notices) consider(noticeIndicator(n));
  return { indicator: worst, description: INDICATOR_DESCRIPTION[worst] };
}
