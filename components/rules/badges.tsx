import { StatusBadge } from "@/components/ui/status-badge";

const SEVERITY_TONE = { critical: "crit", warning: "warn", info: "neutral" } as const;

export function SeverityBadge({ severity }: { severity: string }) {
  const tone = SEVERITY_TONE[severity as keyof typeof SEVERITY_TONE] ?? "neutral";
  return <StatusBadge tone={tone}>{severity.charAt(0).toUpperCase() + severity.slice(1)}</StatusBadge>;
}

export function RuleStateBadge({ enabled, disabledReason }: { enabled: boolean; disabledReason: string | null }) {
  if (disabledReason) return <StatusBadge tone="crit">Disabled by an error</StatusBadge>;
  return enabled ? <StatusBadge tone="ok">Enabled</StatusBadge> : <StatusBadge tone="neutral">Disabled</StatusBadge>;
}

export const seconds = (s: number) => (s >= 60 && s % 60 === 0 ? `${s / 60} min` : `${s} s`);
export const millis = (ms: number | null) => (ms === null ? "–" : ms >= 10_000 ? `${Math.round(ms / 1000)} s` : `${(ms / 1000).toFixed(1)} s`);
