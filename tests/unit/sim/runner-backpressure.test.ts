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
});
