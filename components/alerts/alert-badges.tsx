import { StatusBadge } from "@/components/ui/status-badge";
import { targetLabels, type TAlert } from "./format";

const SEVERITY = {
  critical: { tone: "crit", icon: "▲", text: "Critical" },
  warning: { tone: "warn", icon: "!", text: "Warning" },
  info: { tone: "neutral", icon: "i", text: "Info" },
} as const;

const STATE = {
  firing: { tone: "crit", icon: "●", text: "Firing" },
  pending: { tone: "warn", icon: "◔", text: "Pending" },
  resolved: { tone: "ok", icon: "✓", text: "Resolved" },
} as const;

export function SeverityBadge({ severity }: { severity: TAlert["severity"] }) {
  const s = SEVERITY[severity];
  return (
    <StatusBadge tone={s.tone} icon={s.icon}>
      {s.text}
    </StatusBadge>
  );
}

export function StateBadge({ state }: { state: TAlert["state"] }) {
  const s = STATE[state];
  return (
    <StatusBadge tone={s.tone} icon={s.icon}>
      {s.text}
    </StatusBadge>
  );
}

/** Flapping and silenced markers; nothing when neither holds. */
export function AlertMarkers({ alert }: { alert: Pick<TAlert, "flapping" | "flapCount" | "silenced" | "source"> }) {
  const external = alert.source === "alertmanager";
  if (!alert.flapping && !alert.silenced && !external) return null;
  return (
    <span className="markers">
      {external ? (
        <StatusBadge tone="neutral" icon="⇲">
          Alertmanager
        </StatusBadge>
      ) : null}
      {alert.flapping ? (
        <StatusBadge tone="warn" icon="↯">
          Flapping ×{alert.flapCount}
        </StatusBadge>
      ) : null}
      {alert.silenced ? (
        <StatusBadge tone="neutral" icon="⊘">
          Silenced
        </StatusBadge>
      ) : null}
    </span>
  );
}

export function TargetLabels({ alert }: { alert: Pick<TAlert, "labels"> }) {
  return (
    <span className="labels">
      {targetLabels(alert).map((l) => (
        <span key={l.name} className="label-chip">
          <span className="muted">{l.name}=</span>
          {l.value}
        </span>
      ))}
    </span>
  );
}
