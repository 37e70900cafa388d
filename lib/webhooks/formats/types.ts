import type { TAnyEventType } from "../schemas";

export type TOutgoingEvent = { id: string; type: TAnyEventType; payload: unknown; occurredAt: Date };
export type TFormatted = { body: string; contentType: string };
export type TFormatOptions = { routingKey?: string };
