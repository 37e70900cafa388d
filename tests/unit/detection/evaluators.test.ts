import { describe, expect, it } from "vitest";
import type { TAlertLabels } from "@/lib/detection/engine/types";
import { runBacktest } from "@/lib/detection/backtest/run";
import { adHocRules } from "@/lib/detection/rules/ad-hoc";
import type { TRuleInput } from "@/lib/detection/rules/schema";
import type { TSample, TShardSample } from "@/lib/telemetry/sample";
import { cache, replica, shard, STEP_MS, times, wobble } from "./detection-fixtures";

// Each rule kind through the engine (runBacktest: 5 s evaluations over hand-built traces): it fires
// on the situation it is for and stays quiet on the look-alike that is not a problem.

type TCase = [situation: string, rule: Partial<TRuleInput> & Pick<TRuleInput, "kind">, samples: TSample[], expected: TAlertLabels[]];

/** The targets that fired (reached "firing" at least once) during the trace. */
function firedTargets(rule: Partial<TRuleInput> & Pick<TRuleInput, "kind">, samples: TSample[]): TAlertLabels[] {
  const rules = adHocRules([{ name: "rule-under-test", title: "Rule under test", params: {}, ...rule } as TRuleInput]);
  const result = runBacktest(samples, rules);
  expect(result.failures).toEqual([]);
  return result.alerts.map((a) => a.labels);
}

const MIN = 60;

/** `n` shards s-1..s-n of `cluster`, sampled every 5 s over [fromS, toS), metrics from `m(i, k)`. */
function shards(
  cluster: string,
  n: number,
  fromS: number,
  toS: number,
  m: (i: number, k: number) => Omit<TShardSample, "type" | "cluster" | "shard" | "node" | "ts">,
): TSample[] {
  return times(fromS, toS).flatMap((ts, k) => Array.from({ length: n }, (_, j) => shard(cluster, `s-${j + 1}`, ts, m(j + 1, k))));
}

/** Shard qps from `before(i)` (balanced at 1,000 by default) for 20 minutes, then from `after(i)` for 2 minutes. */
function qpsShift(n: number, after: (i: number) => number, before: (i: number) => number = () => 1000): TSample[] {
  return [
    ...shards("orders", n, 0, 20 * MIN, (i, k) => ({ qps: before(i) + 10 * wobble(i, k) })),
    ...shards("orders", n, 20 * MIN, 22 * MIN, (i, k) => ({ qps: after(i) + 10 * wobble(i, k) })),
  ];
}

const hotShard = { kind: "hot-shard", params: {}, for: "10s" } as const;

describe("hot-shard", () => {
  it.each<TCase>([
    ["one shard takes 10× its usual qps", hotShard, qpsShift(8, (i) => (i === 3 ? 10_000 : 1000)), [{ cluster: "orders", shard: "s-3", node: "orders-db-1" }]],
    ["a fleet-wide surge (5× on every shard)", hotShard, qpsShift(8, () => 5000), []],
    [
      "a hot shard in a 5-shard cluster with minShards 5",
      { ...hotShard, params: { minShards: 5 } },
      qpsShift(5, (i) => (i === 3 ? 10_000 : 1000)),
      [{ cluster: "orders", shard: "s-3", node: "orders-db-1" }],
    ],
    ["the same cluster with minShards 6", { ...hotShard, params: { minShards: 6 } }, qpsShift(5, (i) => (i === 3 ? 10_000 : 1000)), []],
    // 4,000 → 5,500 qps: now 3.5× its fair share, but only 1.4× its own baseline (with minHistoryRatio 1.5;
    // off by default, where it fires: an incident under way at start-up must not go unseen).
    [
      "a shard busy by design that grows a little (history gate off: default)",
      hotShard,
      qpsShift(
        8,
        (i) => (i === 3 ? 5500 : 1000),
        (i) => (i === 3 ? 4000 : 1000),
      ),
      [{ cluster: "orders", shard: "s-3", node: "orders-db-1" }],
    ],
    [
      "a shard busy by design that grows a little (minHistoryRatio 1.5)",
      { ...hotShard, params: { minHistoryRatio: 1.5 } },
      qpsShift(
        8,
        (i) => (i === 3 ? 5500 : 1000),
        (i) => (i === 3 ? 4000 : 1000),
      ),
      [],
    ],
    [
      "a shard busy by design that grows 1.5× (minHistoryRatio 1.5)",
      { ...hotShard, params: { minHistoryRatio: 1.5 } },
      qpsShift(
        8,
        (i) => (i === 3 ? 6500 : 1000),
        (i) => (i === 3 ? 4000 : 1000),
      ),
      [{ cluster: "orders", shard: "s-3", node: "orders-db-1" }],
    ],
    ["a hot shard under minValue", { ...hotShard, params: { minValue: 20_000 } }, qpsShift(8, (i) => (i === 3 ? 10_000 : 1000)), []],
  ])("%s", (_, rule, samples, expected) => {
    expect(firedTargets(rule, samples)).toEqual(expected);
  });
});

describe("cluster-skew", () => {
  const skew = { kind: "cluster-skew", params: {}, for: "0s" } as const;
  const heavy = (i: number) => (i <= 2 ? 3000 : 1000);
  it.each<TCase>([
    [
      "load concentrates on two of ten shards",
      skew,
      [
        ...shards("orders", 10, 0, 10 * MIN, (i, k) => ({ qps: 1000 + 10 * wobble(i, k) })),
        ...shards("orders", 10, 10 * MIN, 12 * MIN, (i) => ({ qps: heavy(i) })),
      ],
      [{ cluster: "orders" }],
    ],
    ["a cluster skewed the same way from the start (its own baseline)", skew, shards("orders", 10, 0, 12 * MIN, (i) => ({ qps: heavy(i) })), []],
    [
      "the same concentration under minTotal",
      { ...skew, params: { minTotal: 50_000 } },
      [...shards("orders", 10, 0, 10 * MIN, () => ({ qps: 1000 })), ...shards("orders", 10, 10 * MIN, 12 * MIN, (i) => ({ qps: heavy(i) }))],
      [],
    ],
  ])("%s", (_, rule, samples, expected) => {
    expect(firedTargets(rule, samples)).toEqual(expected);
  });
});

describe("shard-threshold and fleet-outlier", () => {
  const p99High = { kind: "shard-threshold", params: { metric: "p99Ms", fireAbove: 250, clearBelow: 150 }, for: "10s" } as const;
  const outlier = { kind: "fleet-outlier", params: { metric: "p99Ms", fireRatio: 4, clearRatio: 2.5, minValue: 50 }, for: "10s" } as const;
  const p99 = (slow: number, others = 10) => shards("orders", 6, 0, 2 * MIN, (i) => ({ p99Ms: i === 2 ? slow : others }));
  it.each<TCase>([
    ["threshold: a shard at 400 ms", p99High, p99(400), [{ cluster: "orders", shard: "s-2", node: "orders-db-1" }]],
    ["threshold: a shard at 200 ms, between the thresholds", p99High, p99(200), []],
    ["outlier: a shard at 60 ms in a 10 ms fleet", outlier, p99(60), [{ cluster: "orders", shard: "s-2", node: "orders-db-1" }]],
    ["outlier: a shard at 45 ms (6× the median but under minValue)", outlier, p99(45), []],
    ["outlier: every shard slow alike", outlier, p99(300, 300), []],
  ])("%s", (_, rule, samples, expected) => {
    expect(firedTargets(rule, samples)).toEqual(expected);
  });
});

/** Shard s-1 of "orders" at `qps`, and its replica s-1-r1 with lag `lag(k)` (null: no sample), over [fromS, toS). */
function replicated(fromS: number, toS: number, lag: (k: number) => number | null, qps = 500): TSample[] {
  return times(fromS, toS).flatMap((ts, k) => {
    const l = lag(k);
    return [shard("orders", "s-1", ts, { qps }), ...(l === null ? [] : [replica("orders", "s-1", ts, l)])];
  });
}

const replicaLabels = [{ cluster: "orders", shard: "s-1", replica: "s-1-r1" }];

describe("replica rules", () => {
  const lag = { kind: "replica-lag", params: {}, for: "10s" } as const;
  const growth = { kind: "replica-lag-growth", params: {}, for: "0s" } as const;
  const stalled = { kind: "replica-stalled", params: {}, for: "0s" } as const;
  const perStep = STEP_MS / 1000;
  it.each<TCase>([
    ["lag: 45 s behind", lag, replicated(0, 2 * MIN, () => 45), replicaLabels],
    ["lag: 25 s behind, inside the SLO", lag, replicated(0, 2 * MIN, () => 25), []],
    ["growth: lag rising 0.05 s every second", growth, replicated(0, 6 * MIN, (k) => 0.05 * perStep * k), replicaLabels],
    ["growth: lag rising 0.01 s every second (under fireSlope)", growth, replicated(0, 6 * MIN, (k) => 5 + 0.01 * perStep * k), []],
    ["growth: a noisy replica around 20 s without a trend", growth, replicated(0, 6 * MIN, (k) => 20 + (k % 2 ? 3 : -3)), []],
    [
      "growth: a trend of 0.05 s/s drowned in ±15 s of noise (R² under 0.8)",
      growth,
      replicated(0, 6 * MIN, (k) => 20 + 0.05 * perStep * k + (k % 2 ? 15 : -15)),
      [],
    ],
    [
      "growth: the same noisy trend with minR2 0",
      { ...growth, params: { minR2: 0 } },
      replicated(0, 6 * MIN, (k) => 20 + 0.05 * perStep * k + (k % 2 ? 15 : -15)),
      replicaLabels,
    ],
    ["stalled: exactly 0 s of lag while the shard takes 500 qps", stalled, replicated(0, 3 * MIN, () => 0), replicaLabels],
    ["stalled: a healthy replica whose lag moves every sample", stalled, replicated(0, 3 * MIN, (k) => 0.1 + 0.05 * ((k * 3) % 5)), []],
    ["stalled: lag repeating in pairs but not flat over the window", stalled, replicated(0, 3 * MIN, (k) => 0.1 * (1 + (Math.floor(k / 2) % 3))), []],
    ["stalled: flat lag on an idle shard", stalled, replicated(0, 3 * MIN, () => 0, 0), []],
  ])("%s", (_, rule, samples, expected) => {
    expect(firedTargets(rule, samples)).toEqual(expected);
  });

  const missing = { kind: "replica-missing", params: {}, for: "0s" } as const;
  it.each<TCase>([
    ["missing: the replica goes silent while its cluster reports", missing, replicated(0, 3 * MIN, (k) => (k < 12 ? 0.2 : null)), replicaLabels],
    [
      "missing: the whole cluster goes silent (another cluster keeps the clock going)",
      missing,
      [...replicated(0, MIN, () => 0.2), ...shards("users", 4, 0, 3 * MIN, () => ({ qps: 100 }))],
      [],
    ],
    ["missing: a replica that keeps reporting", missing, replicated(0, 3 * MIN, () => 0.2), []],
  ])("%s", (_, rule, samples, expected) => {
    expect(firedTargets(rule, samples)).toEqual(expected);
  });
});

/** Cache node c-1 of "users": `before` for 10 minutes, then `after` for 3 minutes. */
function cacheShift(before: (k: number) => Omit<TSample & { type: "cache" }, "type" | "cluster" | "node" | "ts">, after: typeof before): TSample[] {
  return [
    ...times(0, 10 * MIN).map((ts, k) => cache("users", "c-1", ts, before(k))),
    ...times(10 * MIN, 13 * MIN).map((ts, k) => cache("users", "c-1", ts, after(k))),
  ];
}

const nodeLabels = [{ cluster: "users", node: "c-1" }];

describe("cache rules", () => {
  const hitDrop = { kind: "cache-hit-drop", params: {}, for: "10s" } as const;
  const storm = { kind: "eviction-storm", params: {}, for: "15s" } as const;
  const hotKey = { kind: "hot-key", params: {}, for: "10s" } as const;
  const gets = (scale: number, hitRatio: number) => () => ({ hitsPerSec: scale * hitRatio, missesPerSec: scale * (1 - hitRatio) });
  it.each<TCase>([
    ["hit drop: 90% → 50% at 1,000 gets/s", hitDrop, cacheShift(gets(1000, 0.9), gets(1000, 0.5)), nodeLabels],
    ["hit drop: the same drop at 50 gets/s (under minGetsPerSec)", hitDrop, cacheShift(gets(50, 0.9), gets(50, 0.5)), []],
    ["hit drop: a node always at 50%", hitDrop, cacheShift(gets(1000, 0.5), gets(1000, 0.5)), []],
    [
      "eviction storm: 50/s → 1,000/s",
      storm,
      cacheShift(
        () => ({ evictionsPerSec: 50 }),
        () => ({ evictionsPerSec: 1000 }),
      ),
      nodeLabels,
    ],
    [
      "eviction storm: 50/s → 150/s (3×, under minPerSec)",
      storm,
      cacheShift(
        () => ({ evictionsPerSec: 50 }),
        () => ({ evictionsPerSec: 150 }),
      ),
      [],
    ],
    [
      "eviction storm: a node that always evicts 1,000/s",
      storm,
      cacheShift(
        () => ({ evictionsPerSec: 1000 }),
        () => ({ evictionsPerSec: 1000 }),
      ),
      [],
    ],
  ])("%s", (_, rule, samples, expected) => {
    expect(firedTargets(rule, samples)).toEqual(expected);
  });

  const withKey = (scale: number, perSec: number) =>
    times(0, 2 * MIN).map((ts) => cache("users", "c-1", ts, { ...gets(scale, 0.9)(), hotKeys: [{ key: "user:9", perSec }] }));
  it.each<TCase>([
    ["hot key: one key takes 40% of 1,000 gets/s", hotKey, withKey(1000, 400), [{ cluster: "users", node: "c-1", key: "user:9" }]],
    ["hot key: the busiest key at 10%", hotKey, withKey(1000, 100), []],
    ["hot key: 80% of a node doing 50 gets/s (under minGetsPerSec)", hotKey, withKey(50, 40), []],
  ])("%s", (_, rule, samples, expected) => {
    expect(firedTargets(rule, samples)).toEqual(expected);
  });
});

it("fires a rule limited to one cluster only there", () => {
  const rule = { kind: "shard-threshold", cluster: "users", params: { metric: "p99Ms", fireAbove: 250, clearBelow: 150 }, for: "0s" } as const;
  const samples = [...shards("orders", 2, 0, MIN, () => ({ p99Ms: 400 })), ...shards("users", 2, 0, MIN, (i) => ({ p99Ms: i === 1 ? 400 : 10 }))];
  expect(firedTargets(rule, samples)).toEqual([{ cluster: "users", shard: "s-1", node: "users-db-1" }]);
});

describe("anomaly", () => {
  const anomaly = { kind: "anomaly", params: { metric: "shard.qps" }, for: "0s" } as const;
  // 20 minutes of steady qps (the detector learns on its first 150 samples), then 5 more.
  const steadyThen = (jump: number) => shards("orders", 4, 0, 25 * MIN, (i, k) => ({ qps: (k >= 240 && i === 3 ? jump : 1000) + 10 * wobble(i, k) }));
  it.each<TCase>([
    ["one shard's qps jumps 5× after a steady 20 minutes", anomaly, steadyThen(5000), [{ cluster: "orders", shard: "s-3", node: "orders-db-1" }]],
    ["steady qps with its usual wobble", anomaly, steadyThen(1000), []],
  ])("%s", (_, rule, samples, expected) => {
    expect(firedTargets(rule, samples)).toEqual(expected);
  });
});
