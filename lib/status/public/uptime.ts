import { LEVEL_RANK, type TLevel } from "./levels";

// 90-day uptime per component from the published notices that named it. Pure: `now` is given.
// Like Statuspage, a partial outage counts 30% as downtime, a major outage 100%; degraded
// performance and maintenance cost nothing but still colour the day.

export const DAY_MS = 86_400_000;
export const DOWNTIME_WEIGHT: Record<TLevel, number> = {
  operational: 0,
  under_maintenance: 0,
  degraded_performance: 0,
  partial_outage: 0.3,
  major_outage: 1,
};

export type TInterval = { level: TLevel; start: number; end: number };
export type TUptimeDay = {
  /** UTC day, YYYY-MM-DD. */
  date: string;
  /** The worst level of the day (operational when nothing happened). */
  level: TLevel;
  /** Before the component existed: nothing to say. */
  noData: boolean;
  /** Milliseconds spent at each non-operational level (the worst one, where notices overlap). */
  ms: Partial<Record<TLevel, number>>;
  /** Fraction of the (elapsed) day up, null with no data. */
  uptime: number | null;
};
export type TUptime = { days: TUptimeDay[]; uptime: number | null };

/** Worst-level time within [from, to): sweeps the boundaries so overlapping notices count once. */
function levelTimes(intervals: readonly TInterval[], from: number, to: number): Partial<Record<TLevel, number>> {
  const inside = intervals.filter((i) => i.level !== "operational" && i.start < to && i.end > from);
  const cuts = [...new Set([from, to, ...inside.flatMap((i) => [i.start, i.end]).filter((t) => t > from && t < to)])].sort((a, b) => a - b);
  const out: Partial<Record<TLevel, number>> = {};
  for (let k = 0; k + 1 < cuts.length; k++) {
    const a = cuts[k]!;
    const b = cuts[k + 1]!;
    let worst: TLevel | null = null;
    for (const i of inside) if (i.start <= a && i.end >= b && (!worst || LEVEL_RANK[i.level] > LEVEL_RANK[worst])) worst = i.level;
    if (worst) out[worst] = (out[worst] ?? 0) + (b - a);
  }
  return out;
}

function worstOf(ms: Partial<Record<TLevel, number>>): TLevel {
  let worst: TLevel = "operational";
  for (const l of Object.keys(ms) as TLevel[]) if (LEVEL_RANK[l] > LEVEL_RANK[worst]) worst = l;
  return worst;
}

export function computeUptime(input: { now: number; since?: number; intervals: readonly TInterval[]; days?: number }): TUptime {
  const count = input.days ?? 90;
  const today = Math.floor(input.now / DAY_MS) * DAY_MS;
  const days: TUptimeDay[] = [];
  let span = 0;
  let down = 0;
  for (let d = count - 1; d >= 0; d--) {
    const dayStart = today - d * DAY_MS;
    const from = Math.max(dayStart, input.since ?? dayStart);
    const to = Math.min(dayStart + DAY_MS, input.now);
    const date = new Date(dayStart).toISOString().slice(0, 10);
    if (to <= from) {
      days.push({ date, level: "operational", noData: true, ms: {}, uptime: null });
      continue;
    }
    const ms = levelTimes(input.intervals, from, to);
    const lost = (Object.entries(ms) as [TLevel, number][]).reduce((sum, [l, t]) => sum + t * DOWNTIME_WEIGHT[l], 0);
    span += to - from;
    down += lost;
    days.push({ date, level: worstOf(ms), noData: false, ms, uptime: 1 - lost / (to - from) });
  }
  return { days, uptime: span > 0 ? 1 - down / span : null };
}

export type TNoticeSpan = {
  kind: string;
  status: string;
  startedAt: number;
  resolvedAt: number | null;
  scheduledFor: number | null;
  scheduledUntil: number | null;
};

/** When a notice held its level: maintenance from its window's start, until resolved (or now). */
export function noticeSpan(n: TNoticeSpan, now: number): { start: number; end: number } | null {
  if (n.kind !== "maintenance") return { start: n.startedAt, end: n.resolvedAt ?? now };
  if (n.status === "scheduled") return null;
  const start = n.scheduledFor ?? n.startedAt;
  const end = n.resolvedAt ?? (n.status === "completed" ? (n.scheduledUntil ?? now) : now);
  return end > start ? { start, end } : null;
}
