import { toAlertView, type TAlertView } from "@/lib/detection/alerts";
import type { TNotification, TNotifier } from "./service";

// Firing and resolved alerts as outgoing events (the webhooks outbox). An alert a silence matches at
// the moment of the transition is not told: silences mute notifications, not evaluation.

export type TAlertOutEvent = "alert.firing" | "alert.resolved";
export type TAlertPublish = (events: { type: TAlertOutEvent; alert: TAlertView }[]) => Promise<unknown>;

export function alertEvents(notifications: TNotification[]): { type: TAlertOutEvent; alert: TAlertView }[] {
  const out: { type: TAlertOutEvent; alert: TAlertView }[] = [];
  for (const { transition: t, silenced } of notifications) {
    if (silenced || (t.type !== "firing" && t.type !== "resolved")) continue;
    out.push({ type: t.type === "firing" ? "alert.firing" : "alert.resolved", alert: toAlertView(t.alert) });
  }
  return out;
}

/** A detection notifier that hands the batch's firing/resolved alerts to `publish` (one call per batch). */
export function alertEventsNotifier(publish: TAlertPublish): TNotifier {
  return async (batch) => {
    const events = alertEvents(batch);
    if (events.length) await publish(events);
  };
}
