import { LEVEL_LABEL, LEVEL_RANK, type TLevel } from "./levels";
import type { TUptimeDay } from "./uptime";

// Words for the public page: durations, day labels and each uptime bar's accessible text.

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** "2 h 10 min", "45 min", "under 1 min". */
export function formatDuration(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  if (minutes < 1) return "under 1 min";
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  if (h === 0) return `${m} min`;
  return m === 0 ? `${h} h` : `${h} h ${m} min`;
}

/** "12 Nov" from "2026-11-12". */
export function shortDay(date: string): string {
  const [, month, day] = date.split("-");
  return `${Number(day)} ${MONTHS[Number(month) - 1] ?? ""}`;
}

/** "12 Nov 2026, 14:05 UTC": the page states its time zone rather than guessing the reader's. */
export function formatUtc(iso: string): string {
  const d = new Date(iso);
  const hh = String(d.getUTCHours()).padStart(2, "0");
  const mm = String(d.getUTCMinutes()).padStart(2, "0");
  return `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}, ${hh}:${mm} UTC`;
}

/** "12 Nov: major outage 20 min, partial outage 2 h 10 min" or "12 Nov: no downtime". */
export function uptimeDayLabel(day: TUptimeDay): string {
  const head = shortDay(day.date);
  if (day.noData) return `${head}: no data`;
  const parts = (Object.entries(day.ms) as [TLevel, number][])
    .filter(([, ms]) => ms > 0)
    .sort(([a], [b]) => LEVEL_RANK[b] - LEVEL_RANK[a])
    .map(([level, ms]) => `${LEVEL_LABEL[level].toLowerCase()} ${formatDuration(ms)}`);
  return parts.length ? `${head}: ${parts.join(", ")}` : `${head}: no downtime`;
}

/** "99.95%": two decimals, never rounding a lossy day up to 100%. */
export function formatUptime(fraction: number | null): string {
  if (fraction === null) return "no data";
  const pct = Math.floor(fraction * 10_000) / 100;
  return `${pct.toFixed(2)}%`;
}
