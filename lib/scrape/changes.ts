import { processSingleton } from "@/lib/process-singleton";

// Services announce a changed target list so this process's scheduler reloads at once; other
// instances notice within the scheduler's reload period. Kept on globalThis because Next.js may
// load this module in more than one bundle of the same process.
type TListener = () => void;
const listeners = processSingleton("scrapeTargetListeners", () => new Set<TListener>());

export function notifyScrapeTargetsChanged(): void {
  for (const listener of listeners) listener();
}

/** Subscribes; returns the unsubscribe function. */
export function onScrapeTargetsChanged(listener: TListener): () => void {
  listeners.add(listener);
  return () => void listeners.delete(listener);
}
