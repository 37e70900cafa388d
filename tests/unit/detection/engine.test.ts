import { describe, expect, it } from "vitest";
import type { TTransition } from "@/lib/detection/engine/types";
import { detectionLatencyMs } from "@/lib/detection/engine/types";
import { adHocRules } from "@/lib/detection/rules/ad-hoc";
import type { TRule, TRuleInput } from "@/lib/detection/rules/schema";
import { DetectionView, ViewCache } from "@/lib/detection/engine/view";
import { at, brief, EngineHarness, replica, shard, T0, times } from "./detection-fixtures";

// The alert state machine, driven through a shard p99 threshold rule (fires above 250 ms, clears
// under 150 ms) on one shard sampled every 5 s and evaluated at each sample.

function p99Rule(over: Partial<TRuleInput> = {}): TRule[] {
  return adHocRules([
    {
      name: "p99-high",
      title: "p99 high",
      kind: "shard-threshold",
      params: { metric: "p99Ms", fireAbove: 250, clearBelow: 150 },
      for: 0,
      flapWindow: 0,
      ...over,
    } as TRuleInput,
  ]);
}

/** Plays p99 values, one per 5 s step from `fromS`; null: the shard sends nothing that step. */
function play(h: EngineHarness, values: (number | null)[], fromS = 0): TTransition[] {
  const from = h.log.length;
  values.forEach((p99Ms, k) => {
    const ts = at(fromS + k * 5);
    if (p99Ms !== null) h.feed(shard("orders", "s-1", ts, { p99Ms }));
    h.evaluate(ts);
  });
  return h.log.slice(from);
}

const repeat = <T>(v: T, n: number): T[] => Array.from({ length: n }, () => v);

describe("DetectionEngine: pending and firing", () => {
  it.each([
    [
      0,
      [
        ["pending", 0, "alert-1"],
        ["firing", 0, "alert-1"],
      ],
    ],
    [
      10,
      [
        ["pending", 0, "alert-1"],
        ["firing", 10, "alert-1"],
      ],
    ],
    [
      30,
      [
        ["pending", 0, "alert-1"],
        ["firing", 30, "alert-1"],
      ],
    ],
  ])("with for=%i s fires once the condition held that long", (forS, expected) => {
    const h = new EngineHarness(p99Rule({ for: forS }));
    const log = play(h, repeat(300, 10));
    expect(brief(log)).toEqual(expected);
    expect(log.map((t) => t.notify)).toEqual([false, true]);
    expect(h.engine.openAlerts()).toMatchObject([{ state: "firing", labels: { cluster: "orders", shard: "s-1" }, value: 300 }]);
  });

  it("dates the onset from the first sample that met the condition and the firing from the evaluation", () => {
    const h = new EngineHarness(p99Rule({ for: 10 }));
    // Samples 2 s after each evaluation boundary: the onset is the sample's time, not the evaluation's.
    for (const s of [5, 10, 15]) {
      h.feed(shard("orders", "s-1", at(s - 3), { p99Ms: 300 }));
      h.evaluate(at(s));
    }
    const fired = h.log.find((t) => t.type === "firing")!.alert;
    expect(fired.activeAt).toBe(at(2));
    expect(fired.firedAt).toBe(at(15));
    expect(detectionLatencyMs(fired)).toBe(13_000);
    expect(fired.summary).toBe("orders/s-1 p99 is 300 ms (threshold 250 ms) for 13 s");
  });

  it.each([
    ["drops under the clear threshold", [300, 300, 100]],
    ["drops between the thresholds", [300, 300, 200]],
    ["stops reporting", [300, 300, ...repeat(null, 8)]],
  ])("cancels a pending alert whose condition %s before `for`, without notifying", (_, values) => {
    const h = new EngineHarness(p99Rule({ for: 60, flapWindow: 600 }));
    const log = play(h, values);
    expect(log.map((t) => [t.type, t.notify])).toEqual([
      ["pending", false],
      ["cancelled", false],
    ]);
    expect(h.engine.openAlerts()).toEqual([]);
    // It never fired, so a new onset is a new alert (not a flapping one) that pages when it fires.
    const again = play(h, repeat(300, 13), 100);
    expect(brief(again)).toEqual([
      ["pending", 100, "alert-2"],
      ["firing", 160, "alert-2"],
    ]);
    expect(again[1]).toMatchObject({ notify: true, alert: { flapping: false, activeAt: at(100) } });
  });
});

describe("DetectionEngine: resolving", () => {
  it.each([
    ["just under the fire threshold", "firing", 249],
    ["to the clear threshold", "firing", 150],
    ["under the clear threshold", "resolved", 149],
  ])("a firing alert whose value falls %s is %s (hysteresis)", (_, state, value) => {
    const h = new EngineHarness(p99Rule());
    const log = play(h, [300, ...repeat(value, 20)]);
    expect(log.at(-1)!.alert.state).toBe(state);
    if (state === "firing") expect(h.engine.openAlerts()).toMatchObject([{ value }]);
  });

  it.each([
    ["clear for 30 s without a break", [300, 100, 100, 100, 100, 100, 100, 100], 35],
    ["a step between the thresholds restarts the clock", [300, 100, 100, 200, 100, 100, 100, 100, 100, 100, 100], 50],
    ["a step over the fire threshold restarts the clock", [300, 100, 100, 300, 100, 100, 100, 100, 100, 100, 100], 50],
  ])("with clearFor=30 s it resolves after %s", (_, values, resolvedAtS) => {
    const h = new EngineHarness(p99Rule({ clearFor: 30 }));
    const log = play(h, values);
    expect(brief(log)).toEqual([
      ["pending", 0, "alert-1"],
      ["firing", 0, "alert-1"],
      ["resolved", resolvedAtS, "alert-1"],
    ]);
    expect(log[2]).toMatchObject({ notify: true, alert: { resolvedAt: at(resolvedAtS), firedAt: T0 } });
  });

  it("keeps saying what was wrong when it resolves", () => {
    const h = new EngineHarness(p99Rule());
    const log = play(h, [300, 320, 100]);
    expect(log.at(-1)!.alert).toMatchObject({ state: "resolved", value: 320, summary: "orders/s-1 p99 is 320 ms (threshold 250 ms) for 10 s" });
  });
});

describe("DetectionEngine: flapping", () => {
  it("reopens the same alert, marked flapping and without paging, when it fires again within flapWindow", () => {
    const h = new EngineHarness(p99Rule({ flapWindow: 60 }));
    const first = play(h, [300, 100]);
    expect(brief(first)).toEqual([
      ["pending", 0, "alert-1"],
      ["firing", 0, "alert-1"],
      ["resolved", 5, "alert-1"],
    ]);
    const refire = play(h, [300], 30);
    const firing = refire.filter((t) => t.type === "firing");
    expect(firing).toHaveLength(1);
    expect(firing[0]).toMatchObject({ notify: false, alert: { id: "alert-1", state: "firing", flapping: true, flapCount: 1, resolvedAt: null } });
    expect(refire.every((t) => !t.notify)).toBe(true);
    expect(h.engine.openAlerts().map((a) => a.id)).toEqual(["alert-1"]);
  });

  it("counts each re-fire within the window on the same alert", () => {
    const h = new EngineHarness(p99Rule({ flapWindow: 60, clearFor: 0 }));
    play(h, [300, 100]);
    play(h, [300], 20);
    // Flapping: the clear condition must hold for the whole flap window (60 s) before it resolves.
    const settle = play(h, repeat(100, 13), 25);
    expect(brief(settle)).toEqual([["resolved", 85, "alert-1"]]);
    const third = play(h, [300], 100);
    expect(third.find((t) => t.type === "firing")).toMatchObject({ notify: false, alert: { id: "alert-1", flapCount: 2, flapping: true } });
  });

  it("holds a flapping alert open until the clear condition held for flapWindow, not just clearFor", () => {
    const h = new EngineHarness(p99Rule({ flapWindow: 120, clearFor: 10 }));
    play(h, [300, 100, 100, 100]); // resolved at 15 after clearFor
    play(h, [300], 30); // flapping
    const log = play(h, repeat(100, 30), 35);
    expect(brief(log)).toEqual([["resolved", 155, "alert-1"]]);
  });

  it("opens a new, paging alert when the target fires again after flapWindow has passed", () => {
    const h = new EngineHarness(p99Rule({ flapWindow: 60 }));
    play(h, [300, 100]);
    const later = play(h, [300], 70);
    expect(later.find((t) => t.type === "firing")).toMatchObject({ notify: true, alert: { id: "alert-2", flapping: false, flapCount: 0 } });
  });

  it("does not reopen a resolved alert when flapWindow is 0", () => {
    const h = new EngineHarness(p99Rule({ flapWindow: 0 }));
    play(h, [300, 100]);
    const again = play(h, [300], 10);
    expect(again.find((t) => t.type === "firing")).toMatchObject({ notify: true, alert: { id: "alert-2", flapping: false } });
  });
});

describe("DetectionEngine: no data", () => {
  it("resolves a firing alert once its target has been silent for noDataResolveMs, and says so", () => {
    const h = new EngineHarness(p99Rule(), { noDataResolveMs: 60_000 });
    // Last sample at 10 s; it is stale (30 s) from 45 s on, so the last finding is at 40 s.
    const log = play(h, [300, 300, 300, ...repeat(null, 30)]);
    expect(brief(log)).toEqual([
      ["pending", 0, "alert-1"],
      ["firing", 0, "alert-1"],
      ["resolved", 100, "alert-1"],
    ]);
    expect(log[2]!.alert.summary).toContain("(no data since 60 s ago)");
  });

  it("keeps a firing alert open through a gap shorter than noDataResolveMs", () => {
    const h = new EngineHarness(p99Rule(), { noDataResolveMs: 60_000 });
    const log = play(h, [300, ...repeat(null, 15), 300, 300]);
    expect(log.map((t) => t.type)).toEqual(["pending", "firing"]);
    expect(h.engine.openAlerts()).toMatchObject([{ id: "alert-1", state: "firing" }]);
  });
});

describe("DetectionEngine: rules that fail, change or go away", () => {
  it("reports a rule that throws and still evaluates the others, leaving the failing rule's alerts alone", () => {
    const rules = adHocRules([
      { name: "qps-anomaly", title: "qps anomaly", kind: "anomaly", cluster: "big", params: { metric: "shard.qps", fireScore: 0, clearScore: 0 }, for: 0 },
      { name: "p99-high", title: "p99 high", kind: "shard-threshold", params: { metric: "p99Ms", fireAbove: 250, clearBelow: 150 }, for: 0 },
    ]);
    const h = new EngineHarness(rules);
    // A score ≥ 0 always fires: three alerts of the anomaly rule, which then throws once "big" grows past 500 shards.
    h.feed(...[1, 2, 3].map((i) => shard("big", `s-${i}`, T0, { qps: 100 })));
    expect(h.evaluate(T0).transitions.filter((t) => t.type === "firing")).toHaveLength(3);
    for (let i = 4; i <= 501; i++) h.feed(shard("big", `s-${i}`, at(5), { qps: 100 }));
    h.feed(shard("orders", "s-1", at(5), { p99Ms: 300 }));
    const e = h.evaluate(at(5));
    expect(e.failures).toEqual([{ ruleId: "qps-anomaly", ruleName: "qps-anomaly", message: expect.stringContaining("more than 500 series") as string }]);
    expect(e.transitions.map((t) => [t.type, t.alert.ruleId])).toEqual([
      ["pending", "p99-high"],
      ["firing", "p99-high"],
    ]);
    expect(h.engine.openAlerts().filter((a) => a.ruleId === "qps-anomaly" && a.state === "firing")).toHaveLength(3);
  });

  it.each<[string, (r: TRule) => TRule[]]>([
    ["disabled", (r) => [{ ...r, enabled: false }]],
    ["switched off after an evaluation error", (r) => [{ ...r, disabledReason: "it threw" }]],
    ["deleted", () => []],
  ])("resolves a firing alert and drops a pending one when the rule is %s", (_, change) => {
    const [firingRule] = p99Rule();
    const [pendingRule] = adHocRules([
      { name: "p99-high-slow", title: "p99 high", kind: "shard-threshold", params: { metric: "p99Ms", fireAbove: 250, clearBelow: 150 }, for: 600 },
    ]);
    const h = new EngineHarness([firingRule!, pendingRule!]);
    play(h, [300]);
    const e = h.evaluate(at(5), [...change(firingRule!), ...change(pendingRule!)]);
    expect(e.transitions.map((t) => [t.type, t.alert.ruleId, t.notify])).toEqual([
      ["resolved", "p99-high", true],
      ["cancelled", "p99-high-slow", false],
    ]);
    expect(h.engine.openAlerts()).toEqual([]);
  });
});

describe("DetectionEngine: resuming from openAlerts()", () => {
  it("continues a firing alert under its id in a new engine and resolves it there", () => {
    const before = new EngineHarness(p99Rule());
    play(before, [300, 300]);
    const after = new EngineHarness(p99Rule(), { newId: () => "fresh" }, before.engine.openAlerts());
    expect(play(after, [300, 300], 10)).toEqual([]);
    const log = play(after, [100], 20);
    expect(log).toMatchObject([{ type: "resolved", alert: { id: "alert-1", activeAt: T0, firedAt: T0, resolvedAt: at(20) } }]);
    expect(log[0]!.alert.summary).toBe("orders/s-1 p99 is 300 ms (threshold 250 ms) for 20 s");
  });

  it("fires a resumed pending alert on its original schedule, under its id", () => {
    const before = new EngineHarness(p99Rule({ for: 30 }));
    play(before, [300, 300]);
    const after = new EngineHarness(p99Rule({ for: 30 }), { newId: () => "fresh" }, before.engine.openAlerts());
    expect(brief(play(after, repeat(300, 5), 10))).toEqual([["firing", 30, "alert-1"]]);
  });

  it("remembers alerts resolved shortly before a restart: a re-fire within the flap window reopens them without paging", () => {
    const before = new EngineHarness(p99Rule({ flapWindow: 600 }));
    const first = play(before, [300, 100]); // fires at 0 s, resolves at 5 s
    const resolved = first.find((t) => t.type === "resolved")!.alert;
    const after = new EngineHarness(p99Rule({ flapWindow: 600 }), { newId: () => "fresh" }, [resolved]);
    const again = play(after, [300], 60);
    expect(again.filter((t) => t.type === "firing").map((t) => [t.alert.id, t.alert.flapping, t.notify])).toEqual([["alert-1", true, false]]);
    // Beyond the window, the same target pages anew.
    const later = new EngineHarness(p99Rule({ flapWindow: 600 }), { newId: () => "fresh" }, [resolved]);
    expect(
      play(later, [300], 700)
        .filter((t) => t.type === "firing")
        .map((t) => [t.alert.id, t.notify]),
    ).toEqual([["fresh", true]]);
  });

  it("keeps the whole description of a resumed alert whose text itself says 'for'", () => {
    const [missing] = adHocRules([{ name: "replica-missing", title: "Replica missing", kind: "replica-missing", params: {}, for: 0 }]);
    const before = new EngineHarness([missing!]);
    // The replica reports until 0 s, the shard keeps reporting: the replica-missing alert fires at 30 s.
    before.feed(replica("orders", "s-1", T0, 0.2));
    for (const ts of times(0, 45)) {
      before.feed(shard("orders", "s-1", ts, { qps: 500 }));
      before.evaluate(ts);
    }
    const open = before.engine.openAlerts();
    expect(open).toMatchObject([{ state: "firing", summary: expect.stringContaining("while orders reports: replication may be broken") as string }]);
    const after = new EngineHarness([missing!], {}, open);
    after.feed(shard("orders", "s-1", at(45), { qps: 500 }), replica("orders", "s-1", at(45), 0.2));
    const resolved = after.evaluate(at(45)).transitions;
    expect(resolved).toMatchObject([{ type: "resolved", alert: { id: open[0]!.id } }]);
    expect(resolved[0]!.alert.summary).toMatch(/^orders\/s-1-r1 has not reported for 40 s while orders reports: replication may be broken for 15 s$/);
  });
});

describe("DetectionEngine: evaluating while yielding", () => {
  it("gives the same transitions as one synchronous evaluation, pausing once after each rule", async () => {
    const rules = [...p99Rule(), ...p99Rule({ name: "p99-higher", params: { metric: "p99Ms", fireAbove: 400, clearBelow: 150 } })];
    const [sync, yielding] = [new EngineHarness(rules), new EngineHarness(rules)];
    const steps = [100, 300, 500, 500, 100, 100];
    let pauses = 0;
    for (const [k, p99Ms] of steps.entries()) {
      for (const h of [sync, yielding]) h.feed(shard("orders", "s-1", at(k * 5), { p99Ms }));
      sync.evaluate(at(k * 5));
      const view = DetectionView.of(yielding.store, at(k * 5), { staleMs: 30_000 });
      yielding.log.push(...(await yielding.engine.evaluateYielding(rules, view, async () => void pauses++)).transitions);
    }
    expect(brief(yielding.log)).toEqual(brief(sync.log));
    expect(brief(sync.log).map(([type]) => type)).toContain("firing");
    expect(pauses).toBe(steps.length * rules.length);
  });
});

describe("DetectionView: built while yielding", () => {
  it("holds the same columns as one built at once, pausing after each column of a large group", async () => {
    const h = new EngineHarness(p99Rule());
    for (let i = 0; i < 1500; i++) h.feed(shard("big", `s-${i}`, at(0), { qps: i, p99Ms: i % 300, cpu: 0.5 }), shard("big", `s-${i}`, at(5), { qps: i + 1, p99Ms: 7 }));
    h.feed(shard("small", "s-1", at(5), { qps: 3 }));
    let pauses = 0;
    const [once, yielding] = [
      DetectionView.of(h.store, at(5), { staleMs: 30_000 }),
      await DetectionView.ofYielding(h.store, at(5), { staleMs: 30_000 }, new ViewCache(), async () => void pauses++),
    ];
    const cols = (v: DetectionView) => [...v.clusters.values()].map((c) => [c.name, c.shards.values.map((x) => [...x]), c.shards.prev.map((x) => [...x]), c.shards.seen.map((x) => [...x])]);
    expect(cols(yielding)).toEqual(cols(once));
    expect(pauses).toBe(5); // the 1,500-shard cluster's five metric columns; the small one needs none
  });
});
