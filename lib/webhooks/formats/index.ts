import type { TWebhookFormat } from "../schemas";
import { formatJson } from "./json";
import { formatPagerDuty } from "./pagerduty";
import { formatSlack } from "./slack";
import type { TFormatOptions, TFormatted, TOutgoingEvent } from "./types";

/** The request body an endpoint of this format receives for the event. */
export function formatEvent(format: TWebhookFormat, event: TOutgoingEvent, options: TFormatOptions = {}): TFormatted {
  if (format === "slack") return formatSlack(event);
  if (format === "pagerduty") return formatPagerDuty(event, options);
  return formatJson(event);
}
export { describeEvent } from "./describe";
export { dedupKey, pagerDutySeverity } from "./pagerduty";
export type { TFormatOptions, TFormatted, TOutgoingEvent } from "./types";
