import { RateLimitedError } from "@/lib/errors";
import { processSingleton } from "@/lib/process-singleton";

// Registrations are public and each one makes Shardwatch send a request, so they are limited per client
// (behind a trusted proxy) and for everyone together: a flood cannot turn the page into a request cannon.
export const SUBSCRIBE_LIMITS = { windowMs: 10 * 60_000, perClient: 5, total: 60 };
const hits = processSingleton("statusSubscribeLimiter", () => new Map<string, number[]>());

/** Counts one registration attempt; throws RateLimitedError with Retry-After when over a limit. */
export function takeSubscribeSlot(client: string | null, now = Date.now(), limits = SUBSCRIBE_LIMITS): void {
  const keys: [string, number][] = [["all", limits.total], ...(client ? [[`ip:${client}`, limits.perClient] as [string, number]] : [])];
  for (const [key, max] of keys) {
    const recent = (hits.get(key) ?? []).filter((t) => now - t < limits.windowMs);
    hits.set(key, recent);
    if (recent.length >= max) {
      throw new RateLimitedError("Too many subscription requests; try again later", Math.ceil((recent[0]! + limits.windowMs - now) / 1000));
    }
  }
  if (hits.size > 10_000) hits.clear();
  for (const [key] of keys) hits.get(key)!.push(now);
}
