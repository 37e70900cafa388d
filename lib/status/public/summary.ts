import { createHash } from "node:crypto";
import { z } from "zod";
import { ZImpact, ZLevel, ZNoticeStatus } from "./levels";
import { ZIndicator } from "./overall";
import type { TPublicComponent, TPublicNotice, TPublicStatus } from "./schema";

// summary.json in Atlassian Statuspage's shape, so existing Statuspage clients can read it.
// Our additions sit under `shardwatch` keys; `affected_components` is null (we keep no per-update history).

export type TPageInfo = { name: string; baseUrl: string };

const ZSummaryComponent = z.object({
  id: z.string(),
  name: z.string(),
  status: ZLevel,
  created_at: z.string(),
  updated_at: z.string(),
  position: z.number().int(),
  description: z.string().nullable(),
  showcase: z.boolean(),
  start_date: z.string().nullable(),
  group_id: z.null(),
  page_id: z.string(),
  group: z.literal(false),
  only_show_if_degraded: z.literal(false),
  shardwatch: z.object({ targets: z.array(z.string()) }).optional(),
});
const ZSummaryUpdate = z.object({
  id: z.string(),
  status: ZNoticeStatus,
  body: z.string(),
  incident_id: z.string(),
  created_at: z.string(),
  updated_at: z.string(),
  display_at: z.string(),
  affected_components: z.null(),
});
const ZSummaryIncident = z.object({
  id: z.string(),
  name: z.string(),
  status: ZNoticeStatus,
  created_at: z.string(),
  updated_at: z.string(),
  monitoring_at: z.string().nullable(),
  resolved_at: z.string().nullable(),
  impact: ZImpact,
  shortlink: z.string(),
  started_at: z.string(),
  page_id: z.string(),
  incident_updates: z.array(ZSummaryUpdate),
  components: z.array(ZSummaryComponent),
  scheduled_for: z.string().nullable().optional(),
  scheduled_until: z.string().nullable().optional(),
  shardwatch: z.object({
    kind: z.string(),
    slo: z.object({ name: z.string().nullable(), impact: z.string().nullable() }).nullable(),
    expected_minutes: z.number().nullable(),
  }),
});
export const ZSummary = z.object({
  page: z.object({ id: z.string(), name: z.string(), url: z.string(), time_zone: z.string(), updated_at: z.string() }),
  status: z.object({ indicator: ZIndicator, description: z.string() }),
  components: z.array(ZSummaryComponent),
  incidents: z.array(ZSummaryIncident),
  scheduled_maintenances: z.array(ZSummaryIncident),
});
export type TSummary = z.infer<typeof ZSummary>;

/** A stable short page id derived from the public address (Statuspage ids are short opaque strings). */
export function pageIdOf(baseUrl: string): string {
  return createHash("sha256").update(baseUrl).digest("hex").slice(0, 12);
}

function component(c: TPublicComponent, pageId: string): z.infer<typeof ZSummaryComponent> {
  return {
    id: c.id,
    name: c.name,
    status: c.level,
    created_at: c.createdAt,
    updated_at: c.updatedAt,
    position: c.position,
    description: c.description || null,
    showcase: true,
    start_date: c.createdAt.slice(0, 10),
    group_id: null,
    page_id: pageId,
    group: false,
    only_show_if_degraded: false,
    ...(c.targets ? { shardwatch: { targets: c.targets } } : {}),
  };
}

function incident(n: TPublicNotice, byId: Map<string, TPublicComponent>, page: { id: string; url: string }) {
  const latest = n.updates[0]?.createdAt;
  return {
    id: n.id,
    name: n.title,
    status: n.status,
    created_at: n.publishedAt,
    updated_at: latest && latest > n.updatedAt ? latest : n.updatedAt,
    monitoring_at: [...n.updates].reverse().find((u) => u.status === "monitoring")?.createdAt ?? null,
    resolved_at: n.resolvedAt,
    impact: n.impact,
    shortlink: `${page.url}#notice-${n.id}`,
    started_at: n.startedAt,
    page_id: page.id,
    incident_updates: n.updates.map((u) => ({
      id: u.id,
      status: u.status,
      body: u.body,
      incident_id: n.id,
      created_at: u.createdAt,
      updated_at: u.createdAt,
      display_at: u.createdAt,
      affected_components: null,
    })),
    components: n.components.flatMap((c) => (byId.has(c.id) ? [component(byId.get(c.id)!, page.id)] : [])),
    ...(n.kind === "maintenance" ? { scheduled_for: n.scheduledFor, scheduled_until: n.scheduledUntil } : {}),
    shardwatch: { kind: n.kind, slo: n.sloName || n.sloImpact ? { name: n.sloName, impact: n.sloImpact } : null, expected_minutes: n.expectedMinutes },
  };
}

export function toSummary(status: TPublicStatus, info: TPageInfo): TSummary {
  const page = { id: pageIdOf(info.baseUrl), url: `${info.baseUrl}/status` };
  const byId = new Map(status.components.map((c) => [c.id, c]));
  return ZSummary.parse({
    page: { id: page.id, name: info.name, url: page.url, time_zone: "Etc/UTC", updated_at: status.updatedAt },
    status: status.overall,
    components: status.components.map((c) => component(c, page.id)),
    incidents: status.active.map((n) => incident(n, byId, page)),
    scheduled_maintenances: status.maintenances.map((n) => incident(n, byId, page)),
  });
}
