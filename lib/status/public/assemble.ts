import { z } from "zod";
import { FINISHED, toLevel, ZImpact, ZNoticeKind, ZNoticeStatus, type TLevel } from "./levels";
import { overallStatus } from "./overall";
import { ZPublicStatus, type TPublicNotice, type TPublicStatus } from "./schema";
import { computeUptime, DAY_MS, noticeSpan, type TInterval } from "./uptime";

// Rows (as loaded) to the public status. Pure, so the whole page can be tested with a fixed `now`.

export type TComponentRow = {
  id: string;
  name: string;
  description: string;
  position: number;
  status: string;
  targets: unknown;
  showTargets: boolean;
  createdAt: Date;
  updatedAt: Date;
};
export type TNoticeRow = {
  id: string;
  kind: string;
  title: string;
  impact: string;
  status: string;
  sloName: string | null;
  sloImpact: string | null;
  expectedMinutes: number | null;
  scheduledFor: Date | null;
  scheduledUntil: Date | null;
  startedAt: Date;
  resolvedAt: Date | null;
  publishedAt: Date | null;
  updatedAt: Date;
  components: { level: string; component: { id: string; name: string } }[];
  updates: { id: string; status: string; body: string; createdAt: Date }[];
};

const HISTORY_MAX = 10;
const HISTORY_DAYS = 7;
const ZTarget = z.object({ cluster: z.string(), shard: z.string().optional(), node: z.string().optional(), cacheNode: z.string().optional() });

/** "orders / shard s-07 / node db-3"; only ever called for a component with showTargets on. */
export function describeTargets(json: unknown): string[] {
  const parsed = z.array(ZTarget).safeParse(json);
  if (!parsed.success) return [];
  return parsed.data.map((t) =>
    [t.cluster, t.shard && `shard ${t.shard}`, t.node && `node ${t.node}`, t.cacheNode && `cache node ${t.cacheNode}`].filter(Boolean).join(" / "),
  );
}

const iso = (d: Date) => d.toISOString();
const isoOrNull = (d: Date | null) => (d ? d.toISOString() : null);

function toPublicNotice(n: TNoticeRow): TPublicNotice {
  const status = ZNoticeStatus.parse(n.status);
  const updates = [...n.updates].sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime());
  const resolvedAt = n.resolvedAt ?? (FINISHED.includes(status) ? (updates[0]?.createdAt ?? n.updatedAt) : null);
  return {
    id: n.id,
    kind: ZNoticeKind.parse(n.kind),
    title: n.title,
    impact: ZImpact.parse(n.impact),
    status,
    sloName: n.sloName,
    sloImpact: n.sloImpact,
    expectedMinutes: n.expectedMinutes,
    scheduledFor: isoOrNull(n.scheduledFor),
    scheduledUntil: isoOrNull(n.scheduledUntil),
    startedAt: iso(n.startedAt),
    resolvedAt: isoOrNull(resolvedAt),
    publishedAt: iso(n.publishedAt ?? n.startedAt),
    updatedAt: iso(n.updatedAt),
    components: n.components.map((c) => ({ id: c.component.id, name: c.component.name, level: toLevel(c.level) })),
    updates: updates.map((u) => ({ id: u.id, status: ZNoticeStatus.parse(u.status), body: u.body, createdAt: iso(u.createdAt) })),
  };
}

function historyOf(finished: TPublicNotice[], now: number): TPublicStatus["history"] {
  const recent = [...finished].sort((a, b) => b.startedAt.localeCompare(a.startedAt)).slice(0, HISTORY_MAX);
  const byDay = new Map<string, TPublicNotice[]>();
  for (let d = 0; d < HISTORY_DAYS; d++) byDay.set(new Date(now - d * DAY_MS).toISOString().slice(0, 10), []);
  for (const n of recent) {
    const day = n.startedAt.slice(0, 10);
    byDay.set(day, [...(byDay.get(day) ?? []), n]);
  }
  return [...byDay.entries()].sort(([a], [b]) => b.localeCompare(a)).map(([date, notices]) => ({ date, notices }));
}

function intervalsFor(componentId: string, notices: TNoticeRow[], now: number): TInterval[] {
  const out: TInterval[] = [];
  for (const n of notices) {
    const link = n.components.find((c) => c.component.id === componentId);
    const span =
      link &&
      noticeSpan(
        {
          ...n,
          startedAt: n.startedAt.getTime(),
          resolvedAt: n.resolvedAt?.getTime() ?? null,
          scheduledFor: n.scheduledFor?.getTime() ?? null,
          scheduledUntil: n.scheduledUntil?.getTime() ?? null,
        },
        now,
      );
    if (link && span) out.push({ level: toLevel(link.level), ...span });
  }
  return out;
}

export function assemblePublicStatus(rows: { components: TComponentRow[]; notices: TNoticeRow[] }, now: Date): TPublicStatus {
  const t = now.getTime();
  const notices = rows.notices.map(toPublicNotice);
  const finished = (n: TPublicNotice) => FINISHED.includes(n.status);
  const components = rows.components.map((c) => {
    const { uptime, days } = computeUptime({ now: t, since: c.createdAt.getTime(), intervals: intervalsFor(c.id, rows.notices, t) });
    const level: TLevel = toLevel(c.status);
    return {
      id: c.id,
      name: c.name,
      description: c.description,
      position: c.position,
      level,
      createdAt: iso(c.createdAt),
      updatedAt: iso(c.updatedAt),
      targets: c.showTargets ? describeTargets(c.targets) : null,
      uptime,
      days,
    };
  });
  const stamps = [
    ...rows.components.map((c) => c.updatedAt.getTime()),
    ...rows.notices.flatMap((n) => [n.updatedAt.getTime(), ...n.updates.map((u) => u.createdAt.getTime())]),
  ];
  return ZPublicStatus.parse({
    generatedAt: iso(now),
    // With nothing yet, the start of today: a stable value, so the ETag does not change on every reload.
    updatedAt: iso(new Date(stamps.length ? Math.max(...stamps) : Math.floor(t / DAY_MS) * DAY_MS)),
    overall: overallStatus({ components, notices: notices.filter((n) => !finished(n)) }),
    components,
    active: notices.filter((n) => n.kind !== "maintenance" && !finished(n)).sort((a, b) => b.startedAt.localeCompare(a.startedAt)),
    maintenances: notices
      .filter((n) => n.kind === "maintenance" && !finished(n))
      .sort((a, b) => (a.scheduledFor ?? a.startedAt).localeCompare(b.scheduledFor ?? b.startedAt)),
    history: historyOf(notices.filter(finished), t),
  });
}
