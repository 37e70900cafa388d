import { z } from "zod";
import { COMPONENT_LEVELS } from "./levels";
import { NOTICE_IMPACTS, NOTICE_KINDS, NOTICE_STATES, NOTICE_STATUSES } from "./notice-state";

// Shapes at the edges of the status services: what the API accepts and what it answers.

const name = (what: string, max: number) => z.string({ error: "expected a string" }).trim().min(1, `give ${what}`).max(max, `at most ${max} characters`);
const ident = z.string({ error: "expected a string" }).trim().min(1, "must not be empty").max(200, "at most 200 characters");

/** A watched target whose alerts concern the component: a whole cluster, or one shard, node or cache node. */
export const ZComponentTarget = z.strictObject({ cluster: ident, shard: ident.optional(), node: ident.optional(), cacheNode: ident.optional() });
export type TComponentTarget = z.infer<typeof ZComponentTarget>;

const componentFields = {
  name: name("a name stakeholders recognise, e.g. Orders API", 100),
  description: z.string({ error: "expected a string" }).trim().max(500, "at most 500 characters").default(""),
  position: z.number({ error: "expected a number" }).int("a whole number").min(0).max(10_000).default(0),
  targets: z.array(ZComponentTarget, { error: "expected a list of targets" }).max(100, "at most 100 targets").default([]),
  showTargets: z.boolean({ error: "expected true or false" }).default(false),
};
export const ZCreateComponentInput = z.strictObject(componentFields);
export type TCreateComponentInput = z.input<typeof ZCreateComponentInput>;
export const ZUpdateComponentInput = z.strictObject({
  name: componentFields.name.optional(),
  description: z.string().trim().max(500, "at most 500 characters").optional(),
  position: z.number().int().min(0).max(10_000).optional(),
  targets: z.array(ZComponentTarget).max(100, "at most 100 targets").optional(),
  showTargets: z.boolean().optional(),
});
export type TUpdateComponentInput = z.input<typeof ZUpdateComponentInput>;

export const ZComponentView = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  position: z.number().int(),
  status: z.enum(COMPONENT_LEVELS),
  targets: z.array(ZComponentTarget),
  showTargets: z.boolean(),
  createdAt: z.number(),
  updatedAt: z.number(),
});
export type TComponentView = z.infer<typeof ZComponentView>;

const NOTICE_LEVELS = COMPONENT_LEVELS.filter((l) => l !== "operational");
export const ZNoticeComponentInput = z.strictObject({ componentId: ident, level: z.enum(NOTICE_LEVELS, { error: `level must be one of ${NOTICE_LEVELS.join(", ")}` }) });
const ZMessage = z.string({ error: "expected a string" }).trim().min(1, "write what stakeholders should know").max(5000, "at most 5000 characters");
const ZMillis = z.number({ error: "expected milliseconds since the epoch" }).int().min(1e11, "expected milliseconds since the epoch");

const noticeFields = {
  title: name("a title", 200),
  impact: z.enum(NOTICE_IMPACTS, { error: `impact must be one of ${NOTICE_IMPACTS.join(", ")}` }).default("minor"),
  components: z.array(ZNoticeComponentInput).max(100).default([]),
  sloName: z.string().trim().max(200).nullable().optional(),
  sloImpact: z.string().trim().max(500).nullable().optional(),
  expectedMinutes: z.number().int("whole minutes").min(1).max(100_000).nullable().optional(),
  message: ZMessage.optional(),
};

export const ZCreateNoticeInput = z.strictObject({ kind: z.enum(["incident", "sla_downgrade"], { error: "kind must be incident or sla_downgrade (maintenance is scheduled)" }), ...noticeFields });
export type TCreateNoticeInput = z.input<typeof ZCreateNoticeInput>;

/** PATCH: the fields to change, and the version the editor loaded (a concurrent edit is a conflict). */
export const ZUpdateNoticeInput = z.strictObject({
  version: z.number({ error: "send the version you loaded" }).int(),
  title: noticeFields.title.optional(),
  impact: z.enum(NOTICE_IMPACTS).optional(),
  components: z.array(ZNoticeComponentInput).max(100).optional(),
  sloName: noticeFields.sloName,
  sloImpact: noticeFields.sloImpact,
  expectedMinutes: noticeFields.expectedMinutes,
  scheduledFor: ZMillis.optional(),
  scheduledUntil: ZMillis.optional(),
  message: ZMessage.optional(),
});
export type TUpdateNoticeInput = z.input<typeof ZUpdateNoticeInput>;

/** :publish, optionally with the editor's last changes applied in the same step. */
export const ZPublishNoticeInput = ZUpdateNoticeInput.partial({ version: true });
export type TPublishNoticeInput = z.input<typeof ZPublishNoticeInput>;

export const ZAddNoticeUpdateInput = z.strictObject({ status: z.enum(NOTICE_STATUSES, { error: `status must be one of ${NOTICE_STATUSES.join(", ")}` }), body: ZMessage });
export type TAddNoticeUpdateInput = z.input<typeof ZAddNoticeUpdateInput>;

export const ZScheduleMaintenanceInput = z
  .strictObject({
    title: noticeFields.title,
    componentIds: z.array(ident).min(1, "choose at least one component").max(100),
    scheduledFor: ZMillis,
    scheduledUntil: ZMillis,
    message: ZMessage,
    impact: z.enum(NOTICE_IMPACTS).default("minor"),
    /** Scheduling is a person's act; false keeps it as a draft to review. */
    publish: z.boolean().default(true),
  })
  .refine((v) => v.scheduledUntil > v.scheduledFor, { path: ["scheduledUntil"], message: "must be after scheduledFor" });
export type TScheduleMaintenanceInput = z.input<typeof ZScheduleMaintenanceInput>;

export const NOTICE_FILTERS = ["drafts", "active", "past", "all"] as const;
export const ZListNoticesInput = z.object({ filter: z.enum(NOTICE_FILTERS, { error: `filter must be one of ${NOTICE_FILTERS.join(", ")}` }).default("all") });
export type TListNoticesInput = z.input<typeof ZListNoticesInput>;

const ZUpdateView = z.object({ id: z.string(), status: z.enum(NOTICE_STATUSES), body: z.string(), createdBy: z.string().nullable(), createdAt: z.number() });

export const ZNoticeView = z.object({
  id: z.string(),
  kind: z.enum(NOTICE_KINDS),
  title: z.string(),
  impact: z.enum(NOTICE_IMPACTS),
  state: z.enum(NOTICE_STATES),
  status: z.enum(NOTICE_STATUSES),
  sloName: z.string().nullable(),
  sloImpact: z.string().nullable(),
  expectedMinutes: z.number().int().nullable(),
  scheduledFor: z.number().nullable(),
  scheduledUntil: z.number().nullable(),
  alertIds: z.array(z.string()),
  startedAt: z.number(),
  resolvedAt: z.number().nullable(),
  publishedAt: z.number().nullable(),
  createdBy: z.string().nullable(),
  version: z.number().int(),
  createdAt: z.number(),
  updatedAt: z.number(),
  components: z.array(z.object({ componentId: z.string(), name: z.string(), level: z.enum(COMPONENT_LEVELS) })),
  /** Published timeline, oldest first; a draft's single entry is its pending first message. */
  updates: z.array(ZUpdateView),
});
export type TNoticeView = z.infer<typeof ZNoticeView>;

/** What may leave the building (webhooks, the public page): no alert ids, no authors, targets only if shown. */
export const ZPublicNotice = z.object({
  id: z.string(),
  kind: z.enum(NOTICE_KINDS),
  title: z.string(),
  impact: z.enum(NOTICE_IMPACTS),
  status: z.enum(NOTICE_STATUSES),
  sloName: z.string().nullable(),
  sloImpact: z.string().nullable(),
  expectedMinutes: z.number().int().nullable(),
  scheduledFor: z.number().nullable(),
  scheduledUntil: z.number().nullable(),
  startedAt: z.number(),
  resolvedAt: z.number().nullable(),
  publishedAt: z.number().nullable(),
  components: z.array(z.object({ id: z.string(), name: z.string(), level: z.enum(COMPONENT_LEVELS), targets: z.array(ZComponentTarget).optional() })),
  updates: z.array(z.object({ status: z.enum(NOTICE_STATUSES), body: z.string(), createdAt: z.number() })),
});
export type TPublicNotice = z.infer<typeof ZPublicNotice>;
