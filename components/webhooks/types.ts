// The shapes the webhook API answers with (lib/webhooks/schemas.ts), for the client components.
export type TWebhook = {
  id: string;
  name: string;
  url: string;
  format: "json" | "slack" | "pagerduty";
  eventTypes: string[];
  routingKeyHint: string | null;
  enabled: boolean;
  disabledAt: number | null;
  disabledReason: string | null;
  consecutiveFailures: number;
  createdBy: string | null;
  createdAt: number;
  pending: number;
};
export type TAttempt = { id: string; at: number; status: number | null; latencyMs: number; error: string | null; responseExcerpt: string | null; retryAt: number | null };
export type TDelivery = {
  id: string;
  eventId: string;
  eventType: string;
  state: "pending" | "delivered" | "failed" | "cancelled";
  attempts: number;
  nextAttemptAt: number | null;
  lastAttemptAt: number | null;
  deliveredAt: number | null;
  lastStatus: number | null;
  lastError: string | null;
  createdAt: number;
  attemptLog: TAttempt[];
};

export const EVENT_TYPES = ["alert.firing", "alert.resolved", "mitigation.proposed", "mitigation.approved", "mitigation.completed", "notice.published", "notice.updated"];
export const webhookKeys = {
  all: ["webhooks"] as const,
  list: () => [...webhookKeys.all, "list"] as const,
  one: (id: string) => [...webhookKeys.all, "one", id] as const,
  deliveries: (id: string) => [...webhookKeys.all, "deliveries", id] as const,
};
export const when = (ms: number | null) => (ms ? new Date(ms).toLocaleString() : "–");
/** Auto-disabled (by the deliverer), as opposed to switched off by a person. */
export const autoDisabled = (w: TWebhook) => !w.enabled && !!w.disabledReason?.includes("in a row failed");
