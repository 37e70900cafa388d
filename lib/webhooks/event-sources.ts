import type { DetectionService } from "@/lib/detection/live/service";
import { alertEventsNotifier, type TAlertOutEvent } from "@/lib/detection/live/alert-events";
import type { TAlertView } from "@/lib/detection/alerts";
import type { PrismaClient } from "@/lib/generated/prisma/client.ts";
import { log } from "@/lib/log";
import { setMitigationSink } from "@/lib/mitigation/event-sink";
import type { StatusService } from "@/lib/status/service";
import { publishEvent } from "./publish-event";

// Where outgoing events come from. Mitigation and notice events are stored inside the transaction
// that makes the change; alert events with the detection batch that told them. Each payload is the
// API's view of the thing plus `url`, the console page a person opens from Slack or PagerDuty.

// One detection batch can tell thousands of alerts at once (a fleet-wide lag spike). They go to the
// outbox in transactions of ALERT_CHUNK events with room to finish: under Prisma's default 5 s timeout
// a large batch on a busy server expired (seen in bench:memory on PostgreSQL) and every event in it was
// lost. A chunk that still fails is rolled back whole, so it is tried again, later, in the background.
export const ALERT_CHUNK = 200;
const ALERT_TX = { maxWait: 30_000, timeout: 60_000 };
const ALERT_RETRY_MS = [2_000, 10_000, 30_000];

type TAlertEvent = { type: TAlertOutEvent; alert: TAlertView };

export async function publishAlertEvents(db: PrismaClient, baseUrl: string, events: TAlertEvent[], retryMs: number[] = ALERT_RETRY_MS): Promise<void> {
  const failed: TAlertEvent[][] = [];
  for (let at = 0; at < events.length; at += ALERT_CHUNK) {
    const chunk = events.slice(at, at + ALERT_CHUNK);
    try {
      await db.$transaction(async (tx) => {
        for (const e of chunk) await publishEvent(tx, { type: e.type, payload: { ...e.alert, url: `${baseUrl}/alerts/${e.alert.id}` } });
      }, ALERT_TX);
    } catch (err) {
      failed.push(chunk);
      if (retryMs.length) log.warn("alert events not stored; will try again", { events: chunk.length, retryInMs: retryMs[0], err });
      else log.error("alert events not stored after every retry; dropped", { events: chunk.length, err });
    }
  }
  if (!failed.length) return;
  const [wait, ...later] = retryMs;
  if (wait === undefined) return;
  setTimeout(() => void publishAlertEvents(db, baseUrl, failed.flat(), later), wait).unref();
}

export function wireEventSources(deps: { db: PrismaClient; baseUrl: string; detection: DetectionService; status: StatusService }): void {
  const { db, baseUrl } = deps;
  setMitigationSink((tx, type, m) => publishEvent(tx, { type, payload: { ...m, url: `${baseUrl}/mitigations/${m.id}` } }));
  deps.detection.onNotify(alertEventsNotifier((events) => publishAlertEvents(db, baseUrl, events)));
  deps.status.setEmit((tx, event) => publishEvent(tx, { type: event.type, payload: { ...event.payload, url: `${baseUrl}/status` } }));
}
