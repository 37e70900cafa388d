import { describe, expect, it } from "vitest";
import { coefficientOfVariation, gini, linearFit, median, medianInPlace, medianMad } from "@/lib/detection/engine/stats";
import { T0 } from "./detection-fixtures";

describe("median", () => {
  it.each<[string, number[], number]>([
    ["one value", [5], 5],
    ["odd count, unsorted", [3, 1, 2], 2],
    ["even count: mean of the middle two", [4, 1, 3, 2], 2.5],
    ["numeric, not lexicographic, order", [10, 9, 100], 10],
    ["negative values", [-5, -1, -3], -3],
  ])("%s", (_, xs, expected) => {
    expect(median(xs)).toBe(expected);
    expect(medianInPlace([...xs])).toBe(expected);
  });

  it("is NaN for no values and leaves its input alone", () => {
    expect(median([])).toBeNaN();
    const xs = [3, 1, 2];
    median(xs);
    expect(xs).toEqual([3, 1, 2]);
  });
});

describe("medianMad", () => {
  it.each<[string, number[], number, number]>([
    ["one outlier barely moves it", [1, 2, 3, 4, 100], 3, 1.4826],
    ["symmetric spread", [10, 20, 30], 20, 1.4826 * 10],
    // Most of the fleet identical: MAD is 0, the mean absolute deviation keeps z finite.
    ["more than half identical", [5, 5, 5, 5, 9], 5, (1.2533 * 4) / 5],
    ["all identical", [7, 7, 7], 7, 0],
  ])("%s", (_, xs, med, sigma) => {
    const r = medianMad(xs);
    expect(r.median).toBe(med);
    expect(r.sigma).toBeCloseTo(sigma, 10);
  });
});

describe("gini", () => {
  it.each<[string, number[], number]>([
    ["no values", [], 0],
    ["one value", [42], 0],
    ["all equal", [3, 3, 3, 3], 0],
    ["all zero", [0, 0, 0], 0],
    ["all load on one of four: (n-1)/n", [0, 0, 0, 1], 0.75],
    ["order does not matter", [1, 0, 0, 0], 0.75],
    ["linear ramp", [1, 2, 3, 4], 0.25],
  ])("%s", (_, xs, expected) => {
    expect(gini(xs)).toBeCloseTo(expected, 12);
  });

  it("rises as load concentrates", () => {
    expect(gini([10, 10, 10, 40])).toBeGreaterThan(gini([10, 10, 10, 20]));
  });
});

describe("coefficientOfVariation", () => {
  it.each<[string, number[], number]>([
    ["one value", [3], 0],
    ["all equal", [2, 2, 2], 0],
    ["population standard deviation over the mean", [1, 3], 0.5],
    ["scale free", [100, 300], 0.5],
    ["zero mean", [0, 0], 0],
  ])("%s", (_, xs, expected) => {
    expect(coefficientOfVariation(xs)).toBeCloseTo(expected, 12);
  });
});

describe("linearFit", () => {
  it.each<[string, number[], number[], number, number]>([
    ["a perfect line", [0, 1, 2, 3], [3, 5, 7, 9], 2, 1],
    ["a falling line", [0, 1, 2], [9, 6, 3], -3, 1],
    ["flat values: no slope, no fit", [0, 1, 2], [4, 4, 4], 0, 0],
    ["noise around a weak trend", [0, 1, 2, 3], [0, 1, 0, 1], 0.2, 0.2],
    ["a single time: undefined, reported as none", [5, 5, 5], [1, 2, 3], 0, 0],
    ["fewer than two points", [1], [1], 0, 0],
  ])("%s", (_, ts, ys, slope, r2) => {
    const fit = linearFit(ts, ys);
    expect(fit.slope).toBeCloseTo(slope, 12);
    expect(fit.r2).toBeCloseTo(r2, 12);
  });

  it("stays exact on epoch-millisecond timestamps, as the lag rules call it", () => {
    const ts = Array.from({ length: 36 }, (_, k) => T0 + k * 5000);
    const ys = ts.map((_, k) => 5 + 0.1 * k); // 0.1 s of lag every 5 s
    const fit = linearFit(ts, ys);
    expect(fit.slope * 1000).toBeCloseTo(0.02, 9);
    expect(fit.r2).toBeCloseTo(1, 9);
  });
});
