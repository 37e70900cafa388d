import { describe, expect, it } from "vitest";
import { bucketSeries, gridOf } from "@/lib/dashboard/buckets";
import { baselineSeries, hitRatios, hotKeyShares, nodeStatuses, pickFocus, type TCacheAlert } from "@/lib/dashboard/cache";
import { hitRatioBaseline } from "@/lib/detection/engine/evaluators/cache";
import { SeriesBuffer } from "@/lib/telemetry/series-buffer";

const T0 = Date.UTC(2026, 10, 23, 10);
const RET = 30 * 60_000;

function buf(points: [number, number][]): SeriesBuffer {
  const b = new SeriesBuffer(points[0]![0], 8192);
  for (const [t, v] of points) b.append(t, v, RET);
  return b;
}

describe("hotKeyShares", () => {
  const alerts: TCacheAlert[] = [{ kind: "hot-key", rule: "hot-key", state: "firing", node: "c-2", key: "user:9" }];
  it("divides a key's gets by its node's gets, open alerts first, then the largest share", () => {
    const rows = hotKeyShares(
      [
        { key: "user:1", node: "c-1", perSec: 100 },
        { key: "user:9", node: "c-2", perSec: 300 },
        { key: "user:2", node: "c-1", perSec: 400 },
        { key: "user:3", node: "c-3", perSec: 5 },
      ],
      new Map([
        ["c-1", 1000],
        ["c-2", 1000],
      ]),
      alerts,
      10,
    );
    expect(rows.map((r) => [r.key, r.share, r.alert])).toEqual([
      ["user:9", 0.3, "firing"],
      ["user:2", 0.4, null],
      ["user:1", 0.1, null],
    ]);
    expect(rows[0]!.rule).toBe("hot-key");
  });
  it("keeps at most `limit` rows and never a share over 1", () => {
    const rows = hotKeyShares([{ key: "k", node: "n", perSec: 50 }, { key: "j", node: "n", perSec: 1 }], new Map([["n", 10]]), [], 1);
    expect(rows).toEqual([{ key: "k", node: "n", perSec: 50, share: 1, alert: null, rule: null }]);
  });
});

describe("nodeStatuses and pickFocus", () => {
  it("collects each node's open cache alerts once, in a fixed order", () => {
    const m = nodeStatuses([
      { kind: "hot-key", rule: "hot-key", state: "pending", node: "a", key: "k1" },
      { kind: "hot-key", rule: "hot-key", state: "firing", node: "a", key: "k2" },
      { kind: "cache-hit-drop", rule: "cache-hit-drop", state: "firing", node: "a" },
      { kind: "replica-lag", rule: "x", state: "firing", node: "b" },
    ]);
    expect(m.get("a")).toEqual(["hit-drop", "hot-key"]);
    expect(m.has("b")).toBe(false);
  });
  it("focuses the node asked for, else one with alerts, else the largest drop under baseline", () => {
    const nodes = [
      { node: "a", hitRatio: 0.9, baseline: 0.92, statuses: [] },
      { node: "b", hitRatio: 0.5, baseline: 0.9, statuses: [] },
      { node: "c", hitRatio: 0.9, baseline: 0.9, statuses: ["hot-key" as const] },
    ];
    expect(pickFocus(nodes, "a")).toBe("a");
    expect(pickFocus(nodes, "zz")).toBeNull();
    expect(pickFocus(nodes, undefined)).toBe("c");
    expect(pickFocus(nodes.slice(0, 2), undefined)).toBe("b");
    expect(pickFocus([], undefined)).toBeNull();
  });
});

describe("hit ratio and its baseline over time", () => {
  it("draws the very baseline the cache-hit-drop rule computes, at each bucket's end", () => {
    const pts = Array.from({ length: 240 }, (_, i) => T0 + i * 5_000); // 20 min at 5 s
    const hits = buf(pts.map((t, i) => [t, i < 216 ? 900 : 300]));
    const misses = buf(pts.map((t, i) => [t, i < 216 ? 100 : 700]));
    const grid = gridOf(T0, T0 + 20 * 60_000, 60_000);
    const base = baselineSeries(hits, misses, grid, T0 + 20 * 60_000, 20);
    expect(Number.isNaN(base[0]!)).toBe(true); // too few points yet
    for (let b = 0; b < grid.n; b++) {
      const expected = hitRatioBaseline(hits, misses, grid.start + (b + 1) * grid.step, 20);
      expect(Number.isNaN(base[b]!) ? NaN : base[b]).toEqual(expected);
    }
    expect(base[19]).toBeCloseTo(0.9, 5); // the collapse in the last 3 min is not in the baseline yet
    const ratio = hitRatios(bucketSeries(hits, grid, T0, T0 + 20 * 60_000, "mean"), bucketSeries(misses, grid, T0, T0 + 20 * 60_000, "mean"));
    expect(ratio[0]).toBeCloseTo(0.9, 5);
    expect(ratio[19]).toBeCloseTo(0.3, 5);
  });
});
