import type { TCacheStatus } from "@/lib/dashboard/cache";

export function fmtPct(v: number | null | undefined, digits = 1): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return "—";
  return `${(v * 100).toFixed(digits)}%`;
}

/** A per-second rate with its unit: 12.3k/s, 850/s, 4.2/s. */
export function fmtRate(v: number | null | undefined): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return "—";
  if (v >= 1e6) return `${(v / 1e6).toFixed(1)}M/s`;
  if (v >= 1e4) return `${(v / 1e3).toFixed(0)}k/s`;
  if (v >= 1e3) return `${(v / 1e3).toFixed(1)}k/s`;
  return `${v.toFixed(v < 10 ? 1 : 0)}/s`;
}

export const STATUS_LABEL: Record<TCacheStatus | "ok", { label: string; icon: string; tone: "ok" | "warn" | "crit" }> = {
  ok: { label: "OK", icon: "✓", tone: "ok" },
  "hit-drop": { label: "Hit drop", icon: "↓", tone: "crit" },
  "eviction-storm": { label: "Eviction storm", icon: "≫", tone: "warn" },
  "hot-key": { label: "Hot key", icon: "▲", tone: "warn" },
};

/** A difference of ratios in percentage points, signed: "−12.3 points", "±0.0 points". */
export function fmtPoints(diff: number): string {
  const p = Math.round(diff * 1000) / 10;
  return p === 0 ? "±0.0 points" : `${p > 0 ? "+" : "−"}${Math.abs(p).toFixed(1)} points`;
}
