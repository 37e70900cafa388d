import { z } from "zod";

// The events Shardwatch sends, the wire formats, and the shapes of the webhook API.

export const WEBHOOK_EVENT_TYPES = [
  "alert.firing",
  "alert.resolved",
  "mitigation.proposed",
  "mitigation.approved",
  "mitigation.completed",
  "notice.published",
  "notice.updated",
] as const;
export type TWebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];
/** Sent only by Shardwatch itself: the Test button, and a subscriber's confirmation request. */
export const INTERNAL_EVENT_TYPES = ["ping", "subscription.confirm"] as const;
export type TAnyEventType = TWebhookEventType | (typeof INTERNAL_EVENT_TYPES)[number];
export const SUBSCRIBER_EVENT_TYPES: readonly TWebhookEventType[] = ["notice.published", "notice.updated"];
export const PAGERDUTY_EVENT_TYPES: readonly TWebhookEventType[] = ["alert.firing", "alert.resolved"];

export const WEBHOOK_FORMATS = ["json", "slack", "pagerduty"] as const;
export type TWebhookFormat = (typeof WEBHOOK_FORMATS)[number];
export const DELIVERY_STATES = ["pending", "delivered", "failed", "cancelled"] as const;
export type TDeliveryState = (typeof DELIVERY_STATES)[number];

export const ZWebhookEventType = z.enum(WEBHOOK_EVENT_TYPES, { error: `expected one of ${WEBHOOK_EVENT_TYPES.join(", ")}` });

const ZName = z.string({ error: "expected a string" }).trim().min(1, "give the endpoint a name").max(100, "at most 100 characters");
const ZUrl = z.string({ error: "expected a URL" }).trim().min(1, "give the URL to POST to").max(2000, "at most 2000 characters");
const ZEventTypes = z
  .array(ZWebhookEventType, { error: "expected a list of event types" })
  .min(1, "subscribe to at least one event type")
  .transform((list) => [...new Set(list)]);
const ZRoutingKey = z
  .string({ error: "expected a string" })
  .trim()
  .regex(/^[A-Za-z0-9]{32}$/, "a PagerDuty integration (routing) key is 32 letters and digits");

function checkFormat(v: { format?: TWebhookFormat; eventTypes?: TWebhookEventType[]; routingKey?: string | undefined }, ctx: z.RefinementCtx) {
  if (v.format !== "pagerduty") return;
  const other = (v.eventTypes ?? []).filter((t) => !PAGERDUTY_EVENT_TYPES.includes(t));
  if (other.length) {
    ctx.addIssue({ code: "custom", path: ["eventTypes"], message: `PagerDuty endpoints take only alert.firing and alert.resolved (not ${other.join(", ")})` });
  }
}

export const ZCreateWebhookInput = z
  .strictObject({
    name: ZName,
    url: ZUrl,
    format: z.enum(WEBHOOK_FORMATS, { error: `format must be one of ${WEBHOOK_FORMATS.join(", ")}` }).default("json"),
    eventTypes: ZEventTypes,
    routingKey: ZRoutingKey.optional(),
    enabled: z.boolean().default(true),
  })
  .superRefine((v, ctx) => {
    checkFormat(v, ctx);
    if (v.format === "pagerduty" && !v.routingKey) ctx.addIssue({ code: "custom", path: ["routingKey"], message: "PagerDuty needs the integration's routing key" });
  });
export type TCreateWebhookInput = z.input<typeof ZCreateWebhookInput>;

export const ZUpdateWebhookInput = z
  .strictObject({
    name: ZName.optional(),
    url: ZUrl.optional(),
    eventTypes: ZEventTypes.optional(),
    routingKey: ZRoutingKey.optional(),
    enabled: z.boolean().optional(),
  })
  .refine((v) => Object.keys(v).length > 0, "give at least one field to change");
export type TUpdateWebhookInput = z.input<typeof ZUpdateWebhookInput>;

export const ZSubscribeInput = z.strictObject({ url: ZUrl });
export const ZTokenInput = z.strictObject({ token: z.string({ error: "expected the token" }).min(16, "expected the token").max(200) });

export const ZWebhookView = z.object({
  id: z.string(),
  name: z.string(),
  url: z.string(),
  kind: z.enum(["endpoint", "subscriber"]),
  format: z.enum(WEBHOOK_FORMATS),
  eventTypes: z.array(z.string()),
  /** PagerDuty: the routing key with all but the last 4 characters hidden. */
  routingKeyHint: z.string().nullable(),
  enabled: z.boolean(),
  disabledAt: z.number().nullable(),
  disabledReason: z.string().nullable(),
  consecutiveFailures: z.number(),
  confirmedAt: z.number().nullable(),
  createdBy: z.string().nullable(),
  createdAt: z.number(),
  updatedAt: z.number(),
  /** Deliveries still waiting (pending), to show a backlog. */
  pending: z.number(),
});
export type TWebhookView = z.infer<typeof ZWebhookView>;

export const ZAttemptView = z.object({
  id: z.string(),
  at: z.number(),
  status: z.number().nullable(),
  latencyMs: z.number(),
  error: z.string().nullable(),
  responseExcerpt: z.string().nullable(),
  retryAt: z.number().nullable(),
});
export const ZDeliveryView = z.object({
  id: z.string(),
  eventId: z.string(),
  eventType: z.string(),
  endpointId: z.string(),
  state: z.enum(DELIVERY_STATES),
  attempts: z.number(),
  nextAttemptAt: z.number().nullable(),
  lastAttemptAt: z.number().nullable(),
  deliveredAt: z.number().nullable(),
  lastStatus: z.number().nullable(),
  lastError: z.string().nullable(),
  createdAt: z.number(),
  attemptLog: z.array(ZAttemptView),
});
export type TDeliveryView = z.infer<typeof ZDeliveryView>;

export const ZListDeliveriesInput = z.object({
  state: z.enum(DELIVERY_STATES, { error: `state must be one of ${DELIVERY_STATES.join(", ")}` }).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type TListDeliveriesInput = z.input<typeof ZListDeliveriesInput>;
