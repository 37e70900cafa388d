import { processSingleton } from "@/lib/process-singleton";

// In-process signal that what the public status page shows has changed (a notice published or
// updated, a component's level moved), so cached renders are dropped at once rather than at expiry.

type TListener = () => void;
const listeners = processSingleton("status.listeners", () => new Set<TListener>());

/** Called by every write that changes what the public page shows. */
export function statusChanged(): void {
  for (const fn of listeners) fn();
}

/** Subscribes to changes; returns the unsubscribe function. */
export function onStatusChanged(fn: TListener): () => void {
  listeners.add(fn);
  return () => listeners.delete(fn);
}
