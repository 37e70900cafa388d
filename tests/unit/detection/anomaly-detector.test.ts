import { describe, expect, it } from "vitest";
import { createAnomalyDetector } from "@/lib/detection/anomaly";

const T0 = 1_800_000_000_000;

/** Deterministic noise in [0, 1) (mulberry32), so every run sees the same series. */
function noise(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function scoresOf(values: number[], params: Parameters<typeof createAnomalyDetector>[0] = {}): number[] {
  const detector = createAnomalyDetector(params);
  return values.map((v, i) => detector.update(T0 + i * 5000, v));
}

describe("createAnomalyDetector", () => {
  const rand = noise(7);
  const flat = Array.from({ length: 1000 }, () => 100 + 10 * rand());

  it("gives a clear spike in a flat noisy series a high score and the noise around it low ones", () => {
    const series = flat.map((v, i) => (i === 800 ? 300 : v));
    const scores = scoresOf(series);
    expect(scores[800]).toBeGreaterThanOrEqual(0.75);
    // On pure noise CAD's raw score is often high (the grid spans the noise); the surprise gate keeps
    // it below the threshold, and the spike (far beyond the range seen) passes it.
    const steady = scores.slice(300, 800);
    expect(Math.max(...steady)).toBeLessThan(0.75);
  });

  it("flags a level shift to a new extreme and re-grids to take it in", () => {
    const r = noise(3);
    const series = Array.from({ length: 1200 }, (_, i) => Math.sin(i / 8) * 10 + r() + (i >= 900 ? 40 : 0));
    const detector = createAnomalyDetector();
    const scores = series.map((v, i) => detector.update(T0 + i * 5000, v));
    expect(Math.max(...scores.slice(900, 910))).toBeGreaterThanOrEqual(0.75);
    expect(Math.max(...scores.slice(400, 900))).toBeLessThan(0.75);
    expect(detector.regrids).toBeGreaterThan(0);
  });

  it("stays bounded on a counter that sets a new extreme every sample", () => {
    const detector = createAnomalyDetector({ maxContexts: 200 });
    const started = performance.now();
    for (let i = 0; i < 3000; i++) detector.update(T0 + i * 5000, i);
    // Without the replay budget this is 2,850 re-grids of 600 replayed steps each (~1.7 M CAD steps).
    expect(detector.regrids).toBe(2850);
    expect(detector.contexts).toBeLessThanOrEqual(200);
    expect(performance.now() - started).toBeLessThan(20_000);
  });

  it("is deterministic", () => {
    const head = flat.slice(0, 500);
    expect(scoresOf(head)).toEqual(scoresOf(head));
  });

  it("returns scores in [0, 1] and 0 while it learns the range", () => {
    const scores = scoresOf(flat.slice(0, 500));
    expect(scores.slice(0, 150).every((s) => s === 0)).toBe(true);
    expect(scores.every((s) => s >= 0 && s <= 1)).toBe(true);
  });

  it("keeps its context memory under maxContexts on a series that never repeats", () => {
    const r = noise(11);
    const bounded = createAnomalyDetector({ maxContexts: 200 });
    const unbounded = createAnomalyDetector({ maxContexts: Infinity });
    let peak = 0;
    for (let i = 0; i < 1200; i++) {
      const v = r() * 1000;
      bounded.update(T0 + i * 5000, v);
      unbounded.update(T0 + i * 5000, v);
      peak = Math.max(peak, bounded.contexts);
    }
    expect(peak).toBeLessThanOrEqual(200);
    expect(peak).toBeGreaterThan(150);
    expect(unbounded.contexts).toBeGreaterThan(600);
  });

  it("ignores values that are not finite", () => {
    const detector = createAnomalyDetector({ minValue: 0, maxValue: 10 });
    expect(detector.update(T0, Number.NaN)).toBe(0);
    expect(detector.update(T0, Number.POSITIVE_INFINITY)).toBe(0);
  });
});
