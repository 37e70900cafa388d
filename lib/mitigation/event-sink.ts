import type { Prisma } from "@/lib/generated/prisma/client.ts";
import { processSingleton } from "@/lib/process-singleton";
import type { TMitigationView } from "./schemas";
import type { TMitigationEvent } from "./state";

// Where mitigation events go out (the webhooks outbox), called inside the transaction that makes the
// change, so an event is stored exactly when its transition is. Unset (tests, tools): nothing goes out.

export type TMitigationOutEvent = "mitigation.proposed" | "mitigation.approved" | "mitigation.completed";
export type TMitigationSink = (tx: Prisma.TransactionClient, type: TMitigationOutEvent, m: TMitigationView) => Promise<unknown>;

const holder = processSingleton("mitigation.event-sink", () => ({ sink: null as TMitigationSink | null }));

/** completed: the operation is over, however it ended (its `state` says done, failed or rolled-back). */
const OUT: Partial<Record<TMitigationEvent | "proposed", TMitigationOutEvent>> = {
  proposed: "mitigation.proposed",
  approve: "mitigation.approved",
  verified: "mitigation.completed",
  fail: "mitigation.completed",
  "rolled-back": "mitigation.completed",
  "rollback-failed": "mitigation.completed",
};

export function setMitigationSink(sink: TMitigationSink | null): void {
  holder.sink = sink;
}

export async function emitMitigationEvent(tx: Prisma.TransactionClient, event: TMitigationEvent | "proposed", m: TMitigationView): Promise<void> {
  const type = OUT[event];
  if (type && holder.sink) await holder.sink(tx, type, m);
}
