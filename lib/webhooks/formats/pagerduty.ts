import { describeEvent } from "./describe";
import type { TFormatOptions, TFormatted, TOutgoingEvent } from "./types";

// PagerDuty Events API v2: alert.firing triggers and alert.resolved resolves the incident with the same
// dedup_key, so PagerDuty's incident opens and closes with ours. The Test button sends a resolve for a
// key that never fired: PagerDuty accepts it (202), which checks the routing key without paging anyone.

export const PAGERDUTY_SEVERITIES = ["critical", "error", "warning", "info"] as const;
export type TPagerDutySeverity = (typeof PAGERDUTY_SEVERITIES)[number];

export function pagerDutySeverity(severity: string | null): TPagerDutySeverity {
  return (PAGERDUTY_SEVERITIES as readonly string[]).includes(severity ?? "") ? (severity as TPagerDutySeverity) : "error";
}

export function dedupKey(alertId: string): string {
  return `shardwatch-alert-${alertId}`;
}

export function formatPagerDuty(event: TOutgoingEvent, options: TFormatOptions): TFormatted {
  const d = describeEvent(event.type, event.payload);
  const action = event.type === "alert.firing" ? "trigger" : "resolve";
  const key = event.type === "ping" ? `shardwatch-test-${event.id}` : dedupKey(d.id ?? event.id);
  const body = {
    routing_key: options.routingKey ?? "",
    event_action: action,
    dedup_key: key,
    ...(action === "trigger"
      ? {
          payload: {
            summary: d.title.slice(0, 1024),
            source: d.source,
            severity: pagerDutySeverity(d.severity),
            timestamp: event.occurredAt.toISOString(),
            custom_details: event.payload ?? {},
          },
          ...(d.url ? { links: [{ href: d.url, text: "Open in Shardwatch" }] } : {}),
        }
      : {}),
  };
  return { body: JSON.stringify(body), contentType: "application/json" };
}
