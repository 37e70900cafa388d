import { describe, expect, it } from "vitest";
import { RateLimitedError } from "@/lib/errors";
import { SimRunner } from "@/lib/sim/runner";
import { loadScenarios } from "@/lib/sim/scenarios";
import type { TSample } from "@/lib/telemetry/sample";

// The backfill pushes history faster than rollups reach the database; ingest answers "busy" (what a
// client sees as 429). The runner waits and sends the same batch again instead of failing to start.

describe("the simulator's backfill under ingest backpressure", () => {
  it("retries refused batches and sends every sample once", async () => {
    const clock = Math.floor(Date.UTC(2026, 10, 23, 12) / 5000) * 5000;
    const accepted: TSample[] = [];
    let refusals = 0;
    const runner = new SimRunner(
      {
        scenarios: loadScenarios(),
        ingest: (samples) => {
          if (refusals < 2) {
            refusals++;
            return Promise.reject(new RateLimitedError("Rollups are behind; retry shortly", 0));
          }
          accepted.push(...samples);
          return Promise.resolve();
        },
        save: () => Promise.resolve(),
        intervalMs: 5000,
        backfillMs: 10 * 60_000,
        now: () => clock,
      },
      { running: true, scenario: "demo", speed: 1, lastEmittedAt: null },
    );
    await runner.start();
    await runner.shutdown();
    expect(refusals).toBe(2);
    // 10 minutes of 5 s steps of the demo (orders and users): every step's samples arrived.
    const steps = new Set(accepted.map((s) => s.ts));
    expect(steps.size).toBe(120);
    expect(runner.samplesSent).toBe(accepted.length);
  });

  it("sends a live step refused as busy again with the next one, keeping at most a minute of them", async () => {
    let clock = Math.floor(Date.UTC(2026, 10, 23, 12) / 5000) * 5000;
    const accepted: TSample[] = [];
    let busy = false;
    const runner = new SimRunner(
      {
        scenarios: loadScenarios(),
        ingest: (samples) => {
          if (busy) return Promise.reject(new RateLimitedError("Rollups are behind; retry shortly", 2));
          accepted.push(...samples);
          return Promise.resolve();
        },
        save: () => Promise.resolve(),
        intervalMs: 5000,
        backfillMs: 60_000,
        now: () => clock,
      },
      { running: true, scenario: "demo", speed: 1, lastEmittedAt: null },
    );
    await runner.start();
    await runner.shutdown();
    const stepTimes = () => [...new Set(accepted.map((s) => s.ts))].sort((a, b) => a - b);
    const backfilled = stepTimes().length;
    const live = async (steps: number) => {
      for (let i = 0; i < steps; i++) {
        clock += 5000;
        await runner.tick();
      }
    };
    busy = true;
    await live(3); // refused: carried
    expect(stepTimes()).toHaveLength(backfilled);
    busy = false;
    await live(1); // the three refused steps and this one
    expect(stepTimes()).toHaveLength(backfilled + 4);
    expect(stepTimes().at(-1)).toBe(clock);
    busy = true;
    await live(20); // more than a minute refused: the oldest 8 are let go
    busy = false;
    await live(1);
    const times = stepTimes();
    expect(times).toHaveLength(backfilled + 4 + 13);
    expect(times.slice(-13)).toEqual(Array.from({ length: 13 }, (_, i) => clock - (12 - i) * 5000));
    expect(runner.lastError).toBeNull();
    expect(runner.samplesSent).toBe(accepted.length);
  });
});
