import type { TComponentView, TNoticeView } from "@/lib/status/schemas";
import { LEVEL_LABELS, type TComponentLevel } from "@/lib/status/levels";
import { STATUS_LABELS, type TNoticeStatus } from "@/lib/status/notice-state";

export type TNotice = TNoticeView;
export type TStatusComponent = TComponentView;
export { LEVEL_LABELS, STATUS_LABELS };

export const NOTICE_TABS = ["drafts", "active", "past"] as const;
export type TNoticeTab = (typeof NOTICE_TABS)[number];
export function parseNoticeTab(v: string | string[] | undefined): TNoticeTab {
  return NOTICE_TABS.find((t) => t === v) ?? "drafts";
}

export const KIND_LABELS: Record<string, string> = { incident: "Incident", sla_downgrade: "SLA downgrade", maintenance: "Maintenance" };
export const IMPACT_LABELS: Record<string, string> = { none: "No impact", minor: "Minor", major: "Major", critical: "Critical" };
/** Levels an editor may choose for a component (maintenance is set by a maintenance notice). */
export const EDITABLE_LEVELS = ["degraded_performance", "partial_outage", "major_outage"] as const satisfies readonly TComponentLevel[];

export function levelTone(level: TComponentLevel): "ok" | "warn" | "crit" | "neutral" {
  if (level === "operational") return "ok";
  if (level === "under_maintenance") return "neutral";
  return level === "degraded_performance" ? "warn" : "crit";
}
export const LEVEL_ICON: Record<TComponentLevel, string> = { operational: "✓", under_maintenance: "⚙", degraded_performance: "!", partial_outage: "◐", major_outage: "✕" };

export function statusTone(status: TNoticeStatus): "ok" | "warn" | "crit" | "neutral" {
  if (status === "resolved" || status === "completed") return "ok";
  if (status === "investigating") return "crit";
  return status === "scheduled" ? "neutral" : "warn";
}

const dt = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });
export function formatUtc(ms: number | null): string {
  return ms === null ? "—" : `${dt.format(new Date(ms))} UTC`;
}

/** `datetime-local` value (UTC) for a time in ms, and back. */
export function toLocalInput(ms: number): string {
  return new Date(ms).toISOString().slice(0, 16);
}
export function fromLocalInput(v: string): number {
  return Date.parse(`${v}:00Z`);
}
