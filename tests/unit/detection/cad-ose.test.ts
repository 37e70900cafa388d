import { describe, expect, it } from "vitest";
import { CAD_OSE_DEFAULTS, CadOse } from "@/lib/detection/anomaly/cad-ose";
import { PyIntDict, pyTupleHash } from "@/lib/detection/anomaly/py-compat";

describe("CAD OSE port", () => {
  // Scores of NAB's Python detector (CPython 2.7) on v_i = 7i mod 13, plus 30 when i mod 50 = 37,
  // with min 0, max 42 and a rest period of 10, rounded to 12 digits.
  const values = Array.from({ length: 160 }, (_, i) => ((i * 7) % 13) + (i % 50 === 37 ? 30 : 0));
  const reference = `${"0,".repeat(24)}0.49358974359,0.333333333333,0,0.09375,${"0,".repeat(9)}1,${"0,".repeat(12)}0.419444444444,0,0,0.201515151515,0,0,0,0.201923076923,0,0.121951219512,0,0,0,0.30487804878,0,0,0,0,0,0,0.121951219512,0,0.121951219512,0,0.121951219512,0,0.30487804878,0,0,0,0,0,0,0.219642857143,0,0.151098901099,0,1,${"0,".repeat(12)}0.210526315789,0,0.324712643678,0,0,0,0,0,0,0.239938080495,0,0.245535714286,0,0.214285714286,0,0.257481940144,0,0,0,0,0,0,0.219298245614,0,0.219298245614,0,0.219298245614,0,0.219298245614,0,0,0,0,0,0,0.219298245614,0,0.438218390805,0.321428571429,0.446022727273,0,0.462893553223,0,0,0,0,0.285714285714,0,0.233333333333,0,0.233333333333,0,0.233333333333,0,0.216666666667,0,0,0,0,0`
    .split(",")
    .map(Number);

  it("reproduces the reference detector row for row", () => {
    const cad = new CadOse({ ...CAD_OSE_DEFAULTS, minValue: 0, maxValue: 42, restPeriod: 10 });
    const scores = values.map((v) => Math.round(cad.score(v) * 1e12) / 1e12);
    expect(scores).toEqual(reference.map((s) => Math.round(s * 1e12) / 1e12));
  });

  it.each([
    [[65536, 65539, 65541], -4455755628414689557n],
    [[2147483648, 65536, 65539], 688569715280669886n],
    [[], 3527539n],
  ])("hashes %j as CPython 2.7 does", (tuple, hash) => {
    expect(pyTupleHash(tuple)).toBe(hash);
  });

  it.each([
    [[3, 11, 19, 2, 26, 5], [2, 3, 5, 11, 19, 26]],
    [[9, 1, 17, 25, 4], [9, 17, 25, 4, 1]],
  ])("iterates a dict built from %j in CPython 2.7 order", (inserted, order) => {
    const dict = new PyIntDict<number>();
    for (const k of inserted) dict.insert(k, k * 10);
    expect(dict.keys).toEqual(order);
    expect(dict.vals).toEqual(order.map((k) => k * 10));
  });

  it.each([
    [0, [65536, 65538, 65540]],
    [6, [65537, 65538, 65540]],
    [41.9, [65536, 65539, 65541]],
    [42, [65537, 65539, 65541]],
    [96, [65536, 65538, 65540, 65542, 65545]],
    [-12, [65535, 65536, 65539, 65540]],
  ])("encodes %d (range 0..42, 3 bits) as facts %j", (value, facts) => {
    expect(new CadOse({ ...CAD_OSE_DEFAULTS, minValue: 0, maxValue: 42 }).encode(value)).toEqual(facts);
  });
});
