import { describe, expect, it } from "vitest";
import { Replay, runBacktest } from "@/lib/detection/backtest/run";
import { adHocRules } from "@/lib/detection/rules/ad-hoc";
import type { TSample } from "@/lib/telemetry/sample";
import { at, cache, replica, shard, times } from "./detection-fixtures";

// A backtest must give the same alerts for the same samples however they arrive: shuffled, duplicated
// or late. Duplicates (same series, same ts) are last-write-wins, so only their relative order matters.

const rules = adHocRules([
  { name: "p99-high", title: "p99 high", kind: "shard-threshold", params: { metric: "p99Ms", fireAbove: 250, clearBelow: 150 }, for: "10s" },
  { name: "replica-missing", title: "Replica missing", kind: "replica-missing", params: {}, for: "0s" },
  { name: "cache-hit-drop", title: "Cache hit drop", kind: "cache-hit-drop", params: {}, for: "10s" },
]);

/**
 * Four shards with replicas: s-2 and s-3 get slow together at 60 s, the replicas of s-1 and s-4 stop
 * reporting together at 90 s, and cache c-1's hit ratio halves at 150 s (its baseline is ready at 180 s).
 */
function incidentTrace(): TSample[] {
  return times(0, 5 * 60).flatMap((ts, k) => [
    ...[1, 2, 3, 4].map((i) => shard("orders", `s-${i}`, ts, { qps: 500, p99Ms: (i === 2 || i === 3) && ts >= at(60) ? 400 : 10 })),
    ...[1, 2, 3, 4].filter((i) => !((i === 1 || i === 4) && ts >= at(90))).map((i) => replica("orders", `s-${i}`, ts, 0.1 + 0.01 * (k % 3))),
    cache("orders", "c-1", ts, ts >= at(150) ? { hitsPerSec: 500, missesPerSec: 500 } : { hitsPerSec: 900, missesPerSec: 100 }),
  ]);
}

/** Deterministic Fisher–Yates with a small LCG, so each seed is the same permutation on every run. */
function shuffled<T>(xs: readonly T[], seed: number): T[] {
  const out = [...xs];
  let s = seed;
  for (let i = out.length - 1; i > 0; i--) {
    s = (s * 1_103_515_245 + 12_345) % 2 ** 31;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

const firing = (samples: readonly TSample[]) =>
  runBacktest(samples, rules).alerts.map((a) => ({ id: a.id, rule: a.ruleName, labels: a.labels, activeAt: a.activeAt, firedAt: a.firedAt }));

describe("runBacktest: arrival order", () => {
  const trace = incidentTrace();
  const inOrder = firing(trace);

  it("finds the incidents of the trace", () => {
    expect(inOrder.map((a) => [a.rule, a.labels.shard ?? a.labels.node, (a.activeAt - at(0)) / 1000, (a.firedAt! - at(0)) / 1000])).toEqual([
      ["p99-high", "s-2", 60, 70],
      ["p99-high", "s-3", 60, 70],
      ["replica-missing", "s-1", 115, 115],
      ["replica-missing", "s-4", 115, 115],
      ["cache-hit-drop", "c-1", 180, 190],
    ]);
  });

  it.each([1, 2, 3, 42, 2026])("gives identical alerts, ids included, for the same samples shuffled (seed %i)", (seed) => {
    expect(firing(shuffled(trace, seed))).toEqual(inOrder);
  });

  it("gives identical alerts for the samples in reverse order", () => {
    expect(firing([...trace].reverse())).toEqual(inOrder);
  });

  it("places a sample that arrives late within the trace by its timestamp", () => {
    const late = trace.findIndex((s) => s.type === "shard" && s.shard === "s-2" && s.ts === at(60));
    const reordered = [...trace.slice(0, late), ...trace.slice(late + 1), trace[late]!];
    expect(firing(reordered)).toEqual(inOrder);
  });
});

describe("runBacktest: duplicates", () => {
  it("does not double count a sample sent twice", () => {
    const trace = incidentTrace();
    // Counted twice, the cache's baseline would have its 12 points at 150 s and fire 30 s early.
    expect(firing(trace.flatMap((s) => [s, { ...s }]))).toEqual(firing(trace));
  });

  it.each([
    ["the slow value last: it wins and fires", [10, 400], ["p99-high"]],
    ["the slow value first: it is overwritten", [400, 10], []],
  ])("keeps the last of two samples of the same series and time: %s", (_, [first, second], expected) => {
    const trace = times(0, 60).flatMap((ts) => {
      if (ts !== at(30)) return [shard("orders", "s-1", ts, { p99Ms: 10 })];
      return [shard("orders", "s-1", ts, { p99Ms: first! }), shard("orders", "s-1", ts, { p99Ms: second! })];
    });
    const oneShot = adHocRules([
      { name: "p99-high", title: "p99 high", kind: "shard-threshold", params: { metric: "p99Ms", fireAbove: 250, clearBelow: 150 }, for: "0s" },
    ]);
    expect(runBacktest(trace, oneShot).alerts.map((a) => a.ruleName)).toEqual(expected);
  });
});

describe("Replay: streaming", () => {
  it.each([1, 7, 100, 10_000])("gives the same result whatever the chunk size (%i samples)", (size) => {
    const trace = incidentTrace();
    const whole = runBacktest(trace, rules);
    const replay = new Replay(rules);
    for (let i = 0; i < trace.length; i += size) replay.push(trace.slice(i, i + size));
    expect(replay.finish()).toEqual(whole);
  });

  it("does not take a sample that arrives late for the latest value of its series", () => {
    const oneShot = adHocRules([
      { name: "p99-high", title: "p99 high", kind: "shard-threshold", params: { metric: "p99Ms", fireAbove: 250, clearBelow: 150 }, for: "0s" },
    ]);
    const replay = new Replay(oneShot);
    replay.push([shard("orders", "s-1", at(10), { p99Ms: 10 }), shard("orders", "s-1", at(15), { p99Ms: 10 })]);
    // 400 ms at 12 s arrives after the 15 s sample: the evaluation at 15 s must still see 10 ms.
    replay.push([shard("orders", "s-1", at(12), { p99Ms: 400 })]);
    replay.push([shard("orders", "s-1", at(20), { p99Ms: 10 })]);
    expect(replay.finish().alerts).toEqual([]);
  });
});
