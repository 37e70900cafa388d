import { describe, expect, it } from "vitest";
import { DEFAULT_BACKOFF, nextAttemptAt, retryDelayMs } from "@/lib/webhooks/backoff";

const HOUR = 3_600_000;

describe("retry backoff (exponential, full jitter)", () => {
  it.each([
    [1, 5_000],
    [2, 10_000],
    [3, 20_000],
    [8, 640_000],
    [10, 2_560_000],
    [11, HOUR],
    [60, HOUR],
  ])("after %i failed attempts waits at most %i ms", (attempts, ceiling) => {
    expect(retryDelayMs(attempts, DEFAULT_BACKOFF, () => 0.999999)).toBe(Math.floor(0.999999 * ceiling));
    expect(retryDelayMs(attempts, DEFAULT_BACKOFF, () => 0.5)).toBe(ceiling / 2);
    expect(retryDelayMs(attempts, DEFAULT_BACKOFF, () => 0)).toBe(0);
  });

  it("keeps retrying for the whole 24 h window, then gives up", () => {
    const createdAt = 0;
    let now = 0;
    let attempts = 0;
    for (;;) {
      const next = nextAttemptAt({ attempts: ++attempts, createdAt, now }, DEFAULT_BACKOFF, () => 0.5);
      if (next === null) break;
      now = next;
    }
    expect(now).toBe(24 * HOUR); // the last attempt falls at the end of the window, not before
    expect(attempts).toBeGreaterThan(40);
  });

  it("never schedules past the window's end", () => {
    expect(nextAttemptAt({ attempts: 20, createdAt: 0, now: 24 * HOUR - 1000 }, DEFAULT_BACKOFF, () => 0.9)).toBe(24 * HOUR);
    expect(nextAttemptAt({ attempts: 21, createdAt: 0, now: 24 * HOUR }, DEFAULT_BACKOFF, () => 0.9)).toBeNull();
  });
});
