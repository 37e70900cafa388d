// Pure component levels for the status page: no I/O, the time is handed in.
//
// Precedence, worst wins: major_outage > partial_outage > degraded_performance > under_maintenance >
// operational. Maintenance ranks under every incident level: a component in planned work that is also
// failing must show the failure (Statuspage likewise lets an incident override maintenance).

export const COMPONENT_LEVELS = ["operational", "under_maintenance", "degraded_performance", "partial_outage", "major_outage"] as const;
export type TComponentLevel = (typeof COMPONENT_LEVELS)[number];

/** Levels a notice may give a component (maintenance comes from the maintenance notice itself). */
export const INCIDENT_LEVELS = ["degraded_performance", "partial_outage", "major_outage"] as const;

export const LEVEL_LABELS: Record<TComponentLevel, string> = {
  operational: "Operational",
  under_maintenance: "Under maintenance",
  degraded_performance: "Degraded performance",
  partial_outage: "Partial outage",
  major_outage: "Major outage",
};

export function levelRank(level: TComponentLevel): number {
  return COMPONENT_LEVELS.indexOf(level);
}

export function worstLevel(levels: Iterable<TComponentLevel>): TComponentLevel {
  let worst: TComponentLevel = "operational";
  for (const l of levels) if (levelRank(l) > levelRank(worst)) worst = l;
  return worst;
}

export type TLevelNotice = {
  kind: string;
  state: string;
  status: string;
  scheduledFor?: Date | null;
  scheduledUntil?: Date | null;
  components: { componentId: string; level: string }[];
};

function isLevel(v: string): v is TComponentLevel {
  return (COMPONENT_LEVELS as readonly string[]).includes(v);
}

/** What one notice says about each of its components at `now`; null when it says nothing. */
export function noticeLevel(notice: TLevelNotice, level: string, now: Date): TComponentLevel | null {
  if (notice.state !== "published") return null;
  if (notice.kind === "maintenance") {
    // A scheduled window that has begun counts before the timer moves it to in_progress.
    const started = notice.status === "scheduled" && !!notice.scheduledFor && notice.scheduledFor <= now && (!notice.scheduledUntil || now < notice.scheduledUntil);
    return started || notice.status === "in_progress" || notice.status === "verifying" ? "under_maintenance" : null;
  }
  if (notice.status === "resolved") return null;
  return isLevel(level) ? level : null;
}

/** Each component's level: the worst over the published, unresolved notices that name it. */
export function componentLevels(components: readonly { id: string }[], notices: readonly TLevelNotice[], now: Date): Map<string, TComponentLevel> {
  const out = new Map<string, TComponentLevel>(components.map((c) => [c.id, "operational"]));
  for (const n of notices) {
    for (const nc of n.components) {
      const current = out.get(nc.componentId);
      const level = noticeLevel(n, nc.level, now);
      if (current === undefined || level === null) continue;
      out.set(nc.componentId, worstLevel([current, level]));
    }
  }
  return out;
}
