type TTone = "ok" | "warn" | "crit" | "neutral";
const ICON: Record<TTone, string> = { ok: "✓", warn: "!", crit: "✕", neutral: "•" };

/** A status is always a word plus an icon, never colour alone. */
export function StatusBadge({ tone, icon, children }: { tone: TTone; icon?: string; children: React.ReactNode }) {
  return (
    <span className={`badge ${tone === "neutral" ? "" : `badge-${tone}`}`}>
      <span aria-hidden="true">{icon ?? ICON[tone]}</span>
      {children}
    </span>
  );
}
