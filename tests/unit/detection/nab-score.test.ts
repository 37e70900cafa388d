import { describe, expect, it } from "vitest";
import { NAB_PROFILES, probationaryLength, scaledSigmoid, type TNabProfile } from "@/lib/detection/nab/profiles";
import { bestThreshold, prepareCorpus, scoreCorpusAt } from "@/lib/detection/nab/score";

const [STANDARD, LOW_FP, LOW_FN] = NAB_PROFILES as [TNabProfile, TNabProfile, TNabProfile];
// Written out from NAB's formula, independently of the module: 2/(1+e^(5x)) - 1.
const SIG_MINUS_1 = 2 / (1 + Math.exp(-5)) - 1; // 0.98661
const SIG_MINUS_01 = 2 / (1 + Math.exp(-0.5)) - 1; // 0.24492
const SIG_ONE_NINTH = 2 / (1 + Math.exp(5 / 9)) - 1; // -0.27080

/** 100 rows (probation 15), one window at rows 50..59, detections at the given rows. */
function oneWindowFile(detected: number[]) {
  const scores = new Array<number>(100).fill(0);
  for (const i of detected) scores[i] = 1;
  return { name: "f.csv", scores, windows: [[50, 59]] as [number, number][] };
}

describe("NAB formulas", () => {
  it.each([
    [0, 0],
    [-1, SIG_MINUS_1],
    [1, -SIG_MINUS_1],
    [2.999, 2 / (1 + Math.exp(14.995)) - 1],
    [3, -1],
    [40, -1],
  ])("scaledSigmoid(%d) = %d", (x, expected) => {
    expect(scaledSigmoid(x)).toBeCloseTo(expected, 12);
  });

  it.each([
    [100, 15],
    [1127, 169],
    [4032, 604],
    [5000, 750],
    [22695, 750],
  ])("probation of %d rows is %d", (n, expected) => {
    expect(probationaryLength(n)).toBe(expected);
  });
});

describe("NAB score of one file at a fixed threshold", () => {
  it.each([
    ["no detection: one missed window", STANDARD, [], -1, { tp: 0, fp: 0, fn: 1 }],
    ["no detection, low-FN profile", LOW_FN, [], -2, { tp: 0, fp: 0, fn: 1 }],
    ["at the window's first row", STANDARD, [50], 1, { tp: 1, fp: 0, fn: 0 }],
    ["at the window's last row", STANDARD, [59], SIG_MINUS_01 / SIG_MINUS_1, { tp: 1, fp: 0, fn: 0 }],
    ["earliest of several detections counts once", STANDARD, [55, 50, 52], 1, { tp: 1, fp: 0, fn: 0 }],
    ["inside the probation: ignored", STANDARD, [10], -1, { tp: 0, fp: 0, fn: 1 }],
    ["before any window: full FP", STANDARD, [20], -0.11 - 1, { tp: 0, fp: 1, fn: 1 }],
    ["before any window, low-FP profile", LOW_FP, [20], -0.22 - 1, { tp: 0, fp: 1, fn: 1 }],
    ["just after the window: small FP", STANDARD, [50, 60], 1 + 0.11 * SIG_ONE_NINTH, { tp: 1, fp: 1, fn: 0 }],
    ["three widths after: full FP", STANDARD, [50, 90], 1 - 0.11, { tp: 1, fp: 1, fn: 0 }],
    ["every FP counts", STANDARD, [20, 21, 22], -1 - 0.33, { tp: 0, fp: 3, fn: 1 }],
  ])("%s", (_name, profile, detected, raw, counts) => {
    const result = scoreCorpusAt(prepareCorpus([oneWindowFile(detected)]), profile, 0.5);
    expect(result.raw).toBeCloseTo(raw, 10);
    expect({ tp: result.tp, fp: result.fp, fn: result.fn }).toEqual(counts);
  });
});

describe("NAB normalisation", () => {
  const files = [
    { name: "a.csv", windows: [[200, 219], [600, 639]] as [number, number][] },
    { name: "b.csv", windows: [[300, 309]] as [number, number][] },
    { name: "c.csv", windows: [] as [number, number][] },
  ];
  const perfect = files.map((f) => ({ ...f, scores: Array.from({ length: 1000 }, (_, i) => (f.windows.some(([s]) => s === i) ? 1 : 0)) }));
  const nullDetector = files.map((f) => ({ ...f, scores: new Array<number>(1000).fill(0.5) }));

  it.each(NAB_PROFILES.map((p) => [p.name, p]))("%s: the null detector scores 0 and a perfect one 100", (_name, profile) => {
    expect(bestThreshold(prepareCorpus(nullDetector), profile).normalized).toBeCloseTo(0, 10);
    expect(scoreCorpusAt(prepareCorpus(perfect), profile, 0.5).normalized).toBeCloseTo(100, 10);
    expect(bestThreshold(prepareCorpus(perfect), profile).normalized).toBeCloseTo(100, 10);
  });

  it("a detector that flags every row scores far below the null detector", () => {
    const everything = files.map((f) => ({ ...f, scores: new Array<number>(1000).fill(1) }));
    expect(scoreCorpusAt(prepareCorpus(everything), STANDARD, 0.5).normalized).toBeLessThan(-100);
  });
});

describe("NAB threshold sweep", () => {
  // One FP before the window scores 0.95, the window's first row 0.9, the rest 0.1 or 0.
  const scores = new Array<number>(100).fill(0);
  scores[20] = 0.95;
  scores[50] = 0.9;
  for (let i = 70; i < 100; i++) scores[i] = 0.1;
  const corpus = prepareCorpus([{ name: "f.csv", scores, windows: [[50, 59]] }]);

  it.each([
    ["standard", STANDARD, 0.9, 1 - 0.11],
    ["low FP", LOW_FP, 0.9, 1 - 0.22],
    ["low FN", LOW_FN, 0.9, 1 - 0.11],
  ])("%s picks the threshold that catches the window and only the near FP", (_name, profile, threshold, raw) => {
    const best = bestThreshold(corpus, profile);
    expect(best.threshold).toBe(threshold);
    expect(best.raw).toBeCloseTo(raw, 10);
    expect(best.raw).toBeGreaterThan(scoreCorpusAt(corpus, profile, 0.95).raw);
    expect(best.raw).toBeGreaterThan(scoreCorpusAt(corpus, profile, 0.1).raw);
  });

  it("prefers detecting nothing when every detection costs more than it earns", () => {
    const onlyFps = new Array<number>(100).fill(0);
    onlyFps[20] = 0.8;
    const best = bestThreshold(prepareCorpus([{ name: "f.csv", scores: onlyFps, windows: [[50, 59]] }]), STANDARD);
    expect(best.threshold).toBe(Infinity);
    expect(best.raw).toBe(-1);
  });
});
