import { z } from "zod";
import { ZImpact, ZLevel, ZNoticeKind, ZNoticeStatus } from "./levels";
import { ZIndicator } from "./overall";

// What the public page, summary.json and the feed are built from: only published notices, and a
// component's targets only where it allows them (`targets: null` otherwise).

const ZIso = z.iso.datetime();

export const ZPublicUpdate = z.object({ id: z.string(), status: ZNoticeStatus, body: z.string(), createdAt: ZIso });

export const ZPublicNotice = z.object({
  id: z.string(),
  kind: ZNoticeKind,
  title: z.string(),
  impact: ZImpact,
  status: ZNoticeStatus,
  sloName: z.string().nullable(),
  sloImpact: z.string().nullable(),
  expectedMinutes: z.number().int().nullable(),
  scheduledFor: ZIso.nullable(),
  scheduledUntil: ZIso.nullable(),
  startedAt: ZIso,
  resolvedAt: ZIso.nullable(),
  publishedAt: ZIso,
  updatedAt: ZIso,
  components: z.array(z.object({ id: z.string(), name: z.string(), level: ZLevel })),
  /** Newest first. */
  updates: z.array(ZPublicUpdate),
});

export const ZUptimeDay = z.object({
  date: z.string(),
  level: ZLevel,
  noData: z.boolean(),
  ms: z.partialRecord(ZLevel, z.number()),
  uptime: z.number().nullable(),
});

export const ZPublicComponent = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  position: z.number().int(),
  level: ZLevel,
  createdAt: ZIso,
  updatedAt: ZIso,
  targets: z.array(z.string()).nullable(),
  uptime: z.number().nullable(),
  days: z.array(ZUptimeDay),
});

export const ZPublicStatus = z.object({
  generatedAt: ZIso,
  updatedAt: ZIso,
  overall: z.object({ indicator: ZIndicator, description: z.string() }),
  components: z.array(ZPublicComponent),
  /** Open incidents and SLA downgrades. */
  active: z.array(ZPublicNotice),
  /** Maintenance scheduled, in progress or verifying. */
  maintenances: z.array(ZPublicNotice),
  /** Finished notices by UTC day, newest day first; the last week always, empty days included. */
  history: z.array(z.object({ date: z.string(), notices: z.array(ZPublicNotice) })),
});

export const ZPublicFeedEntry = z.object({
  id: z.string(),
  noticeId: z.string(),
  title: z.string(),
  kind: ZNoticeKind,
  impact: ZImpact,
  status: ZNoticeStatus,
  body: z.string(),
  createdAt: ZIso,
  components: z.array(z.string()),
});

export type TPublicUpdate = z.infer<typeof ZPublicUpdate>;
export type TPublicNotice = z.infer<typeof ZPublicNotice>;
export type TPublicComponent = z.infer<typeof ZPublicComponent>;
export type TPublicStatus = z.infer<typeof ZPublicStatus>;
export type TPublicFeedEntry = z.infer<typeof ZPublicFeedEntry>;
