import { processSingleton } from "@/lib/process-singleton";

// Failed sign-ins are limited per account and per client address, so neither guessing one
// password nor spraying many accounts from one host gets far. Only failures count.
type TWindow = { failures: number[] };
const windows = processSingleton("signInLimiter", () => new Map<string, TWindow>());

export type TLimit = { maxAttempts: number; windowSeconds: number };

function recent(key: string, now: number, windowMs: number): number[] {
  const w = windows.get(key);
  if (!w) return [];
  w.failures = w.failures.filter((t) => now - t < windowMs);
  if (!w.failures.length) windows.delete(key);
  return w.failures;
}

/** Seconds until another attempt is allowed for every key (each allows `maxAttempts × scale`), or 0. */
export function signInRetryAfter(keys: { key: string; scale: number }[], limit: TLimit, now = Date.now()): number {
  const windowMs = limit.windowSeconds * 1000;
  let wait = 0;
  for (const { key, scale } of keys) {
    const failures = recent(key, now, windowMs);
    const max = limit.maxAttempts * scale;
    if (failures.length >= max) {
      wait = Math.max(wait, Math.ceil((failures[failures.length - max]! + windowMs - now) / 1000));
    }
  }
  return wait;
}

export function recordSignInFailure(keys: string[], now = Date.now()): void {
  if (windows.size > 100_000) windows.clear();
  for (const key of keys) {
    const w = windows.get(key) ?? { failures: [] };
    w.failures.push(now);
    windows.set(key, w);
  }
}

export function clearSignInFailures(key: string): void {
  windows.delete(key);
}
