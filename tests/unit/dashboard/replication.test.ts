import { describe, expect, it } from "vitest";
import { gridOf } from "@/lib/dashboard/buckets";
import { classifyReplica, lagBand, missingAfterMs, p99RankFromTop, sloFor, TopPerBucket, worstN, type TRuleBrief } from "@/lib/dashboard/replication";
import { DetectionView } from "@/lib/detection/engine/view";
import { applySample } from "@/lib/telemetry/apply-sample";
import { WindowStore } from "@/lib/telemetry/window-store";

const T0 = Date.UTC(2026, 10, 23, 10);
const SLO = { rule: "replica-lag-slo", seconds: 30 };
const MISSING_MS = 30_000;

describe("classifyReplica", () => {
  it.each([
    ["an open missing alert wins over everything", 50, 0, [{ kind: "replica-lag", rule: "a" }, { kind: "replica-missing", rule: "gone" }], "missing", "gone"],
    ["stalled alert", 0, 0, [{ kind: "replica-stalled", rule: "stuck" }], "stalled", "stuck"],
    ["lag over the SLO is lagging before its alert fires", 31, 0, [], "lagging", null],
    ["over the SLO beats a growth alert", 40, 0, [{ kind: "replica-lag-growth", rule: "grow" }], "lagging", null],
    ["growth alert under the SLO", 12, 0, [{ kind: "replica-lag-growth", rule: "grow" }], "growing", "grow"],
    ["a lag alert still open while the lag is back under the SLO (hysteresis)", 25, 0, [{ kind: "replica-lag", rule: "slo" }], "lagging", "slo"],
    ["silent past the missing window without an alert yet", NaN, 31_000, [], "missing", null],
    ["stale but not yet missing", NaN, 10_000, [], "healthy", null],
    ["at the SLO exactly is healthy (the rule fires above it)", 30, 0, [], "healthy", null],
    ["alerts of other rules do not count", 1, 0, [{ kind: "hot-shard", rule: "hot" }], "healthy", null],
  ])("%s", (_, lag, silent, alerts, state, rule) => {
    expect(classifyReplica(lag, silent, alerts, SLO, MISSING_MS)).toEqual({ state, rule });
  });

  it("without a replica-lag rule nothing is lagging by value", () => {
    expect(classifyReplica(500, 0, [], null, null).state).toBe("healthy");
  });
});

describe("sloFor and missingAfterMs", () => {
  const rules: TRuleBrief[] = [
    { name: "global", kind: "replica-lag", params: { fireAboveSeconds: 30 } },
    { name: "strict", kind: "replica-lag", params: { fireAboveSeconds: 5 }, cluster: "payments" },
    { name: "other", kind: "replica-lag", params: { fireAboveSeconds: 1 }, cluster: "users" },
    { name: "gone", kind: "replica-missing", params: { silentSeconds: 45 } },
  ];
  it("prefers the rule scoped to the cluster, else the global one", () => {
    expect(sloFor(rules, "payments")).toEqual({ rule: "strict", seconds: 5 });
    expect(sloFor(rules, "orders")).toEqual({ rule: "global", seconds: 30 });
    expect(sloFor([], "orders")).toBeNull();
    expect(missingAfterMs(rules, "orders")).toBe(45_000);
    expect(missingAfterMs([], "orders")).toBeNull();
  });
});

describe("worstN and TopPerBucket", () => {
  it("picks the largest finite values, largest first, skipping NaN", () => {
    expect(worstN([3, NaN, 9, 1, 9, 7], 3)).toEqual([2, 4, 5]);
    expect(worstN([NaN, NaN], 3)).toEqual([]);
    expect(worstN([1, 2], 5)).toEqual([1, 0]);
  });
  it("p99 is the ceil(0.99·n)-th smallest, as the query API computes it, with only the top values kept", () => {
    const cases: [number[], number][] = [
      [Array.from({ length: 200 }, (_, i) => 199 - i), 197],
      [[4], 4],
      [Array.from({ length: 1000 }, (_, i) => (i * 7919) % 1000), 989],
      [Array.from({ length: 150 }, (_, i) => i % 3), 2],
    ];
    for (const [xs, expected] of cases) {
      const top = new TopPerBucket(2, p99RankFromTop(xs.length) + 1);
      for (const x of xs) top.offer(1, x);
      const sorted = [...xs].sort((a, b) => a - b);
      expect(top.p99(1)).toBe(sorted[Math.ceil(0.99 * xs.length) - 1]);
      expect(top.p99(1)).toBe(expected);
      expect(top.max[1]).toBe(Math.max(...xs));
      expect(Number.isNaN(top.p99(0))).toBe(true);
    }
  });
});

describe("lagBand", () => {
  it("gives p99 and max across replicas per bucket from each replica's max in the bucket", () => {
    const store = new WindowStore();
    for (let r = 0; r < 100; r++) {
      for (let s = 0; s < 12; s++) {
        // One replica lags 90 s in the second minute; the rest lag r/100 s.
        const lag = r === 7 && s >= 6 ? 90 : r / 100;
        applySample(store, { type: "replica", cluster: "c", shard: `s-${r}`, replica: `s-${r}-r1`, ts: T0 + s * 10_000, lagSeconds: lag }, T0, () => undefined);
      }
    }
    const view = DetectionView.of(store, T0 + 120_000, { staleMs: 30_000 });
    const grid = gridOf(T0, T0 + 120_000, 60_000);
    const band = lagBand(view.clusters.get("c")!.replicas, grid, T0, T0 + 120_000);
    expect(band.max[0]).toBeCloseTo(0.99, 5);
    expect(band.max[1]).toBe(90);
    expect(band.p99[0]).toBeCloseTo(0.98, 5);
    expect(band.p99[1]).toBeCloseTo(0.99, 5);
  });
});
