import { worstLevel, type TComponentLevel } from "@/lib/status/levels";
import type { TSlo } from "./slo";

// Pure planning of breach drafts: one draft per incident, not one per alert. An alert joins the open
// breach notice (a draft, or a published one not yet resolved) that shares a component with it;
// otherwise it starts a new draft. Published notices only record the alert: people speak for them.

export type TBreach = {
  alertId: string;
  severity: string;
  /** When the SLO breach began (the alert's onset), ms. */
  since: number;
  worst: number;
  slo: TSlo;
  components: { id: string; name: string }[];
};

export type TOpenNotice = { id: string; state: "draft" | "published"; alertIds: string[]; impact: string; components: { componentId: string; level: string }[]; sloImpact: string | null };

export type TDraftFields = { title: string; impact: string; sloName: string; sloImpact: string; message: string; components: { componentId: string; level: TComponentLevel }[] };
export type TDraftAction =
  | { type: "create"; incidentKey: string; startedAt: number; alertIds: string[]; fields: TDraftFields }
  | { type: "extend"; id: string; alertIds: string[]; fields: Omit<TDraftFields, "title" | "message"> }
  | { type: "attach"; id: string; alertIds: string[] };

const IMPACTS = ["none", "minor", "major", "critical"];
export const levelOfSeverity = (s: string): TComponentLevel => (s === "critical" ? "partial_outage" : "degraded_performance");
const impactOfSeverity = (s: string) => (s === "critical" ? "major" : "minor");
const maxImpact = (a: string, b: string) => (IMPACTS.indexOf(a) >= IMPACTS.indexOf(b) ? a : b);

type TGroup = { notice: TOpenNotice | null; breaches: TBreach[]; componentIds: Set<string> };

function figures(breaches: TBreach[]) {
  const bySlo = new Map<string, { slo: TSlo; worst: number }>();
  for (const b of breaches) {
    const cur = bySlo.get(b.slo.name);
    bySlo.set(b.slo.name, { slo: b.slo, worst: cur ? b.slo.worse(cur.worst, b.worst) : b.worst });
  }
  const list = [...bySlo.values()];
  return { sloName: list.map((s) => s.slo.name).join("; "), sloImpact: list.map((s) => s.slo.impact(s.worst)).join("; "), headline: list[0]?.slo.headline ?? "Degraded service" };
}

function fieldsOf(group: TGroup, names: Map<string, string>): TDraftFields {
  const levels = new Map<string, TComponentLevel>();
  for (const c of group.notice?.components ?? []) levels.set(c.componentId, c.level as TComponentLevel);
  let impact = group.notice?.impact ?? "none";
  for (const b of group.breaches) {
    impact = maxImpact(impact, impactOfSeverity(b.severity));
    for (const c of b.components) levels.set(c.id, worstLevel([levels.get(c.id) ?? "operational", levelOfSeverity(b.severity)]));
  }
  const { sloName, sloImpact, headline } = figures(group.breaches);
  const who = [...levels.keys()].map((id) => names.get(id) ?? "").filter(Boolean).join(", ");
  const since = new Date(Math.min(...group.breaches.map((b) => b.since))).toISOString().slice(11, 16);
  return {
    title: `${headline} on ${who}`,
    impact,
    sloName,
    sloImpact,
    components: [...levels].map(([componentId, level]) => ({ componentId, level })),
    message: `We are investigating ${headline.toLowerCase()} affecting ${who} since ${since} UTC (${sloImpact}). We will post an update as we learn more.`,
  };
}

/** What to write for the breaches now past the delay, given the open breach notices. */
export function planDrafts(breaches: readonly TBreach[], open: readonly TOpenNotice[]): TDraftAction[] {
  const groups: TGroup[] = open.map((n) => ({ notice: n, breaches: [], componentIds: new Set(n.components.map((c) => c.componentId)) }));
  const names = new Map<string, string>();
  const known = new Set(open.flatMap((n) => n.alertIds));
  for (const b of [...breaches].sort((x, y) => x.since - y.since || x.alertId.localeCompare(y.alertId))) {
    b.components.forEach((c) => names.set(c.id, c.name));
    const home = groups.find((g) => g.notice?.alertIds.includes(b.alertId)) ?? groups.find((g) => b.components.some((c) => g.componentIds.has(c.id)));
    const group = home ?? { notice: null, breaches: [], componentIds: new Set<string>() };
    if (!home) groups.push(group);
    group.breaches.push(b);
    b.components.forEach((c) => group.componentIds.add(c.id));
  }
  const actions: TDraftAction[] = [];
  for (const g of groups) {
    const fresh = g.breaches.filter((b) => !known.has(b.alertId)).map((b) => b.alertId);
    if (!g.breaches.length) continue;
    if (!g.notice) {
      const first = Math.min(...g.breaches.map((b) => b.since));
      const key = `breach:${[...g.componentIds].sort().join(",")}:${Math.floor(first / 60_000)}`;
      actions.push({ type: "create", incidentKey: key, startedAt: first, alertIds: fresh, fields: fieldsOf(g, names) });
    } else if (g.notice.state === "published") {
      if (fresh.length) actions.push({ type: "attach", id: g.notice.id, alertIds: fresh });
    } else {
      const { title: _t, message: _m, ...fields } = fieldsOf(g, names);
      const sameComponents = fields.components.length === g.notice.components.length && fields.components.every((c) => g.notice!.components.some((o) => o.componentId === c.componentId && o.level === c.level));
      if (fresh.length || !sameComponents || fields.sloImpact !== g.notice.sloImpact) actions.push({ type: "extend", id: g.notice.id, alertIds: fresh, fields });
    }
  }
  return actions;
}
