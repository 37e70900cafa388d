import { processSingleton } from "@/lib/process-singleton";

// publishEvent wakes the running deliverers so a new event goes out without waiting for the next poll.
const listeners = processSingleton("webhookNudges", () => new Set<() => void>());

export function onWebhookNudge(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function nudgeDeliverers(): void {
  for (const l of listeners) l();
}
