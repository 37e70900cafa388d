// When to try again: exponential backoff with full jitter (AWS architecture blog, "Exponential Backoff
// And Jitter"): the wait before attempt n+1 is uniform in [0, min(cap, base * 2^(n-1))]. Pure: the
// random source and the clock are arguments.

export type TBackoff = { baseMs: number; capMs: number; retryMs: number };
export const DEFAULT_BACKOFF: TBackoff = { baseMs: 5_000, capMs: 3_600_000, retryMs: 24 * 3_600_000 };

/** The wait after `attempts` failed attempts (1 = after the first). */
export function retryDelayMs(attempts: number, b: Pick<TBackoff, "baseMs" | "capMs">, random: () => number = Math.random): number {
  const ceiling = Math.min(b.capMs, b.baseMs * 2 ** Math.min(Math.max(attempts - 1, 0), 40));
  return Math.floor(random() * ceiling);
}

/** The next attempt's time, or null when it would fall after the retry window (the delivery has failed). */
export function nextAttemptAt(input: { attempts: number; createdAt: number; now: number }, b: TBackoff, random: () => number = Math.random): number | null {
  const at = input.now + retryDelayMs(input.attempts, b, random);
  if (input.now - input.createdAt >= b.retryMs) return null;
  return Math.min(at, input.createdAt + b.retryMs);
}
