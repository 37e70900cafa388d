import type { TMitigationView } from "@/lib/mitigation/schemas";
import type { TMitigationState } from "@/lib/mitigation/state";
import type { TVerification } from "@/lib/mitigation/verify";

// Pure helpers for the mitigation pages: labels, the tab a state belongs to, ETA and expiry wording.

export type TMitigation = TMitigationView;
export type TTone = "ok" | "warn" | "crit" | "neutral";
export type TBadgeInfo = { tone: TTone; icon: string; text: string };

export const ACTION_LABEL: Record<TMitigation["action"], string> = {
  split: "Split",
  move: "Move",
  throttle: "Throttle",
  "key-salting": "Key salting",
  "cache-overlay": "Cache overlay",
  "reads-to-replicas": "Reads to replicas",
};

export const STATE_BADGE: Record<TMitigationState, TBadgeInfo> = {
  proposed: { tone: "warn", icon: "?", text: "Proposed" },
  approved: { tone: "neutral", icon: "◔", text: "Approved, starting" },
  executing: { tone: "neutral", icon: "▶", text: "Executing" },
  verifying: { tone: "neutral", icon: "◎", text: "Verifying" },
  done: { tone: "ok", icon: "✓", text: "Done" },
  failed: { tone: "crit", icon: "✕", text: "Failed" },
  "rolling-back": { tone: "warn", icon: "↶", text: "Rolling back" },
  "rolled-back": { tone: "neutral", icon: "↶", text: "Rolled back" },
  rejected: { tone: "neutral", icon: "⊘", text: "Rejected" },
  expired: { tone: "neutral", icon: "⌛", text: "Expired" },
};

export const OUTCOME_BADGE: Record<NonNullable<TMitigation["outcome"]>, TBadgeInfo> = {
  improved: { tone: "ok", icon: "✓", text: "Improved" },
  unchanged: { tone: "warn", icon: "=", text: "No clear effect" },
  worse: { tone: "crit", icon: "▼", text: "Made it worse" },
};

export type TVerdict = TVerification["checks"][number]["verdict"];
export const VERDICT_BADGE: Record<TVerdict, TBadgeInfo> = {
  met: { tone: "ok", icon: "✓", text: "Met" },
  partly: { tone: "warn", icon: "◐", text: "Partly" },
  missed: { tone: "warn", icon: "✕", text: "Missed" },
  worse: { tone: "crit", icon: "▼", text: "Worse" },
  unknown: { tone: "neutral", icon: "?", text: "Unknown" },
};

export const TABS = ["proposed", "running", "history"] as const;
export type TTab = (typeof TABS)[number];
export const TAB_STATES: Record<TTab, readonly TMitigationState[]> = {
  proposed: ["proposed"],
  running: ["approved", "executing", "verifying", "rolling-back"],
  history: ["done", "failed", "rolled-back", "rejected", "expired"],
};

export function parseTab(v: string | string[] | undefined): TTab {
  return TABS.find((t) => t === v) ?? "proposed";
}

export function tabOf(state: TMitigationState): TTab {
  return TABS.find((t) => TAB_STATES[t].includes(state))!;
}

export const isRunning = (state: TMitigationState | undefined) => !!state && TAB_STATES.running.includes(state);

const PHASE_LABEL: Record<string, string> = {
  planned: "Starting",
  copying: "Copying data",
  "catching-up": "Catching up writes",
  verifying: "Verifying the copy",
  cutover: "Cutting over",
  done: "Operation finished",
  failed: "Operation failed",
  "rolled-back": "Operation undone",
};

/** What a running mitigation is doing now, in words. */
export function runningLabel(m: Pick<TMitigation, "state" | "progress" | "note">): string {
  if (m.state === "approved") return m.note ? "Waiting to start" : "Starting";
  if (m.state === "verifying") return "Measuring the effect";
  if (m.state === "rolling-back") return m.progress && m.progress.phase !== "done" ? `Rolling back: ${phaseLabel(m.progress.phase).toLowerCase()}` : "Rolling back";
  return m.progress ? phaseLabel(m.progress.phase) : "Starting";
}

export function phaseLabel(phase: string): string {
  return PHASE_LABEL[phase] ?? phase;
}

/** 0..1 as a whole percentage, clamped. */
export function percent(progress: number | null | undefined): number {
  if (progress === null || progress === undefined || !Number.isFinite(progress)) return 0;
  return Math.round(Math.min(1, Math.max(0, progress)) * 100);
}

/** "45 s", "2 min 05 s", "1 h 10 min". */
export function formatSeconds(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${String(s % 60).padStart(2, "0")} s`;
  return `${Math.floor(m / 60)} h ${m % 60} min`;
}

/** How long until the operation's estimated end, as of `now`. */
export function formatEta(etaAt: number | null | undefined, now: number): string {
  if (etaAt === null || etaAt === undefined) return "ETA unknown";
  const left = (etaAt - now) / 1000;
  if (left <= 1) return "finishing";
  return `about ${formatSeconds(left)} left`;
}

/** How long a proposal still waits for a decision. */
export function formatExpiresIn(expiresAt: number, now: number): string {
  const left = (expiresAt - now) / 1000;
  if (left <= 0) return "expiring now";
  if (left < 60) return "in under a minute";
  return `in ${formatSeconds(Math.floor(left / 60) * 60).replace(/ 00 s$/, "")}`;
}

export function approvalsGiven(m: Pick<TMitigation, "approvals">): number {
  return m.approvals.filter((a) => a.decision === "approve").length;
}

/** A text cut to `max` characters on a word boundary. */
export function excerpt(text: string, max = 180): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(" "), max / 2)).replace(/[\s,;:]+$/, "")}…`;
}

/** The stored verification once judged (not the pending marker written at cutover). */
export function verificationOf(v: unknown): TVerification | null {
  const x = v as Partial<TVerification> | null;
  return x && typeof x === "object" && Array.isArray(x.checks) && typeof x.outcome === "string" ? (x as TVerification) : null;
}

export const formatQps = (v: number) => `${Math.round(v).toLocaleString("en-US")} req/s`;
/** A count of requests (the simulator reports fractions of a request per step). */
export const formatCount = (v: number) => Math.round(v).toLocaleString("en-US");
export const formatShare = (v: number) => `${Math.round(v * 100)}%`;
export const formatNumber = (v: number) => (Math.abs(v) >= 100 ? Math.round(v).toLocaleString("en-US") : String(Number(v.toPrecision(3))));

export function formatDateTime(ms: number | null | undefined): string {
  return ms === null || ms === undefined ? "—" : new Date(ms).toLocaleString();
}
