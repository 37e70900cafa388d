import type { TFormatted, TOutgoingEvent } from "./types";

/** The generic envelope (Standard Webhooks' recommended shape): { type, timestamp, data }. */
export function formatJson(event: TOutgoingEvent): TFormatted {
  return { body: JSON.stringify({ type: event.type, timestamp: event.occurredAt.toISOString(), data: event.payload ?? {} }), contentType: "application/json" };
}
