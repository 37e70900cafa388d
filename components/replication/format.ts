import type { TReplicaState } from "@/lib/dashboard/replication";

export const STATE_LABEL: Record<TReplicaState, { label: string; icon: string; tone: "ok" | "warn" | "crit"; help: string }> = {
  missing: { label: "Missing", icon: "✕", tone: "crit", help: "silent while its cluster reports: replication may be broken" },
  stalled: { label: "Stalled", icon: "‖", tone: "crit", help: "lag flat while its shard takes writes" },
  lagging: { label: "Lagging", icon: "!", tone: "crit", help: "lag over the SLO" },
  growing: { label: "Growing", icon: "↗", tone: "warn", help: "lag growing steadily towards the SLO" },
  healthy: { label: "Healthy", icon: "✓", tone: "ok", help: "within the SLO" },
};

/** Seconds with a unit: two decimals under 10 s, whole seconds above. */
export function fmtSeconds(v: number | null | undefined): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return "—";
  return `${v.toFixed(v < 10 ? 2 : 0)} s`;
}

export const fmtTime = (t: number) => new Date(t).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });

/** Evenly spaced time ticks on whole steps, at most `max` of them. */
export function timeTicks(from: number, to: number, max = 6): number[] {
  const steps = [60_000, 300_000, 600_000, 900_000, 1_800_000, 3_600_000, 7_200_000, 21_600_000, 43_200_000, 86_400_000];
  const step = steps.find((s) => (to - from) / s <= max) ?? 86_400_000;
  const out: number[] = [];
  for (let t = Math.ceil(from / step) * step; t <= to; t += step) out.push(t);
  return out;
}

/** Chart rows from a compact grid: { t, [name]: value } per bucket. */
export function gridRows(grid: { start: number; step: number; buckets: number }, series: Record<string, (number | null)[]>): Record<string, number | null>[] {
  const rows: Record<string, number | null>[] = [];
  for (let i = 0; i < grid.buckets; i++) {
    const row: Record<string, number | null> = { t: grid.start + i * grid.step };
    for (const [name, values] of Object.entries(series)) row[name] = values[i] ?? null;
    rows.push(row);
  }
  return rows;
}
