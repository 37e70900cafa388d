import type { DetectionService } from "@/lib/detection/live/service";
import { alertEventsNotifier } from "@/lib/detection/live/alert-events";
import type { PrismaClient } from "@/lib/generated/prisma/client.ts";
import { setMitigationSink } from "@/lib/mitigation/event-sink";
import type { StatusService } from "@/lib/status/service";
import { publishEvent } from "./publish-event";

// Where outgoing events come from. Mitigation and notice events are stored inside the transaction
// that makes the change; alert events with the detection batch that told them. Each payload is the
// API's view of the thing plus `url`, the console page a person opens from Slack or PagerDuty.

export function wireEventSources(deps: { db: PrismaClient; baseUrl: string; detection: DetectionService; status: StatusService }): void {
  const { db, baseUrl } = deps;
  setMitigationSink((tx, type, m) => publishEvent(tx, { type, payload: { ...m, url: `${baseUrl}/mitigations/${m.id}` } }));
  deps.detection.onNotify(
    alertEventsNotifier((events) =>
      db.$transaction(async (tx) => {
        for (const e of events) await publishEvent(tx, { type: e.type, payload: { ...e.alert, url: `${baseUrl}/alerts/${e.alert.id}` } });
      }),
    ),
  );
  deps.status.setEmit((tx, event) => publishEvent(tx, { type: event.type, payload: { ...event.payload, url: `${baseUrl}/status` } }));
}
