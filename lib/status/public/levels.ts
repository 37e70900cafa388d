import { z } from "zod";

// The component levels, notice vocabularies and the words the public page uses for them.

export const LEVELS = ["operational", "under_maintenance", "degraded_performance", "partial_outage", "major_outage"] as const;
export const ZLevel = z.enum(LEVELS);
export type TLevel = z.infer<typeof ZLevel>;

/** Severity order for "worst of": maintenance is not an outage but is worse than nothing. */
export const LEVEL_RANK: Record<TLevel, number> = {
  operational: 0,
  under_maintenance: 1,
  degraded_performance: 2,
  partial_outage: 3,
  major_outage: 4,
};

export const LEVEL_LABEL: Record<TLevel, string> = {
  operational: "Operational",
  under_maintenance: "Under maintenance",
  degraded_performance: "Degraded performance",
  partial_outage: "Partial outage",
  major_outage: "Major outage",
};

export const ZImpact = z.enum(["none", "minor", "major", "critical"]);
export type TImpact = z.infer<typeof ZImpact>;
export const ZNoticeKind = z.enum(["incident", "sla_downgrade", "maintenance"]);
export type TNoticeKind = z.infer<typeof ZNoticeKind>;
export const ZNoticeStatus = z.enum(["investigating", "identified", "monitoring", "resolved", "scheduled", "in_progress", "verifying", "completed"]);
export type TNoticeStatus = z.infer<typeof ZNoticeStatus>;

export const STATUS_LABEL: Record<TNoticeStatus, string> = {
  investigating: "Investigating",
  identified: "Identified",
  monitoring: "Monitoring",
  resolved: "Resolved",
  scheduled: "Scheduled",
  in_progress: "In progress",
  verifying: "Verifying",
  completed: "Completed",
};

/** A notice whose status is one of these is over. */
export const FINISHED: readonly TNoticeStatus[] = ["resolved", "completed"];

/** An unknown level (a row written by a newer version) reads as operational rather than failing the page. */
export function toLevel(value: string): TLevel {
  return (LEVELS as readonly string[]).includes(value) ? (value as TLevel) : "operational";
}

export function worstLevel(levels: Iterable<TLevel>): TLevel {
  let worst: TLevel = "operational";
  for (const l of levels) if (LEVEL_RANK[l] > LEVEL_RANK[worst]) worst = l;
  return worst;
}
