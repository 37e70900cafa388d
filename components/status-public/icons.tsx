import type { TLevel } from "@/lib/status/public/levels";
import type { TIndicator } from "@/lib/status/public/overall";

// Shape carries the meaning as well as colour: check, exclamation, cross, wrench.

export type TTone = "ok" | "warn" | "crit" | "info";

export const INDICATOR_TONE: Record<TIndicator, TTone> = { none: "ok", maintenance: "info", minor: "warn", major: "warn", critical: "crit" };
export const LEVEL_TONE: Record<TLevel, TTone> = {
  operational: "ok",
  under_maintenance: "info",
  degraded_performance: "warn",
  partial_outage: "warn",
  major_outage: "crit",
};

const PATHS: Record<TTone, string> = {
  ok: "M6 12.5l4 4 8-9",
  warn: "M12 7v6M12 16.5v.5",
  crit: "M8 8l8 8M16 8l-8 8",
  info: "M14.5 6.5a3.5 3.5 0 0 0-4.6 4.6L5 16l3 3 4.9-4.9a3.5 3.5 0 0 0 4.6-4.6l-2 2-2.5-.5-.5-2.5z",
};

export function ToneIcon({ tone, size = 20 }: { tone: TTone; size?: number }) {
  return (
    <svg width={size} height={size} viewBox="0 0 24 24" aria-hidden="true" focusable="false">
      <circle cx="12" cy="12" r="10.5" fill="none" stroke="currentColor" strokeWidth="1.8" />
      <path d={PATHS[tone]} fill="none" stroke="currentColor" strokeWidth="2.2" strokeLinecap="round" strokeLinejoin="round" />
    </svg>
  );
}
