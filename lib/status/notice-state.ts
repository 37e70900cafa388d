import { ConflictError } from "@/lib/errors";

// Pure transition tables for notices. An incident's status may move forward or back (an "identified"
// cause can turn out wrong) but never out of resolved; maintenance only moves forward. The notice's
// state is separate: a draft is published or discarded, once.

export const NOTICE_KINDS = ["incident", "sla_downgrade", "maintenance"] as const;
export type TNoticeKind = (typeof NOTICE_KINDS)[number];
export const NOTICE_IMPACTS = ["none", "minor", "major", "critical"] as const;
export type TNoticeImpact = (typeof NOTICE_IMPACTS)[number];
export const NOTICE_STATES = ["draft", "published", "discarded"] as const;
export type TNoticeState = (typeof NOTICE_STATES)[number];

export const INCIDENT_STATUSES = ["investigating", "identified", "monitoring", "resolved"] as const;
export const MAINTENANCE_STATUSES = ["scheduled", "in_progress", "verifying", "completed"] as const;
export const NOTICE_STATUSES = [...INCIDENT_STATUSES, ...MAINTENANCE_STATUSES] as const;
export type TNoticeStatus = (typeof NOTICE_STATUSES)[number];

export const STATUS_LABELS: Record<TNoticeStatus, string> = {
  investigating: "Investigating",
  identified: "Identified",
  monitoring: "Monitoring",
  resolved: "Resolved",
  scheduled: "Scheduled",
  in_progress: "In progress",
  verifying: "Verifying",
  completed: "Completed",
};

export function statusesOf(kind: string): readonly TNoticeStatus[] {
  return kind === "maintenance" ? MAINTENANCE_STATUSES : INCIDENT_STATUSES;
}

export function initialStatus(kind: string): TNoticeStatus {
  return kind === "maintenance" ? "scheduled" : "investigating";
}

/** Whether the status ends the notice (it leaves the active list). */
export function isFinalStatus(status: string): boolean {
  return status === "resolved" || status === "completed";
}

/** Whether a notice of `kind` may go from `from` to `to`; posting the same status again is allowed. */
export function canMoveStatus(kind: string, from: string, to: string): boolean {
  const list = statusesOf(kind) as readonly string[];
  if (!list.includes(from) || !list.includes(to) || isFinalStatus(from)) return false;
  if (kind === "maintenance") return list.indexOf(to) >= list.indexOf(from);
  return true;
}

export function assertStatusMove(kind: string, from: string, to: string): void {
  if (canMoveStatus(kind, from, to)) return;
  if (isFinalStatus(from)) throw new ConflictError(`This notice is ${from}; open a new notice instead`);
  const allowed = (statusesOf(kind) as readonly string[]).join(", ");
  throw new ConflictError(`A ${kind} notice cannot go from ${from} to ${to} (statuses: ${allowed}; maintenance only moves forward)`);
}

const STATE_MOVES: Record<TNoticeState, readonly TNoticeState[]> = { draft: ["published", "discarded"], published: [], discarded: [] };

export function canMoveState(from: string, to: string): boolean {
  return (STATE_MOVES[from as TNoticeState] ?? []).includes(to as TNoticeState);
}
