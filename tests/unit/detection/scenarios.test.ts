import { describe, expect, it } from "vitest";
import type { TAlertLabels } from "@/lib/detection/engine/types";
import { replayScenario } from "@/lib/detection/backtest/scenario";
import { adHocRules } from "@/lib/detection/rules/ad-hoc";
import { DEFAULT_RULES } from "@/lib/detection/rules/defaults";
import { findScenario, loadScenarios } from "@/lib/sim/scenarios";

// The default rules against the simulator's scenarios: each incident is caught by the rule made for
// it, soon after it starts and not before; the benign scenarios page no one over a simulated day.

const scenarios = loadScenarios();
const rules = adHocRules(DEFAULT_RULES);
const DAY_MS = 24 * 3600_000;

describe("replayScenario with DEFAULT_RULES: incidents", () => {
  it.each<[scenario: string, rule: string, withinSeconds: number, target: TAlertLabels]>([
    ["celebrity-key-writes", "hot-shard", 15, { cluster: "orders" }],
    ["hot-key", "hot-key", 15, { cluster: "users", key: "user:9" }],
    ["cache-restart", "cache-hit-drop", 15, { cluster: "users", node: "users-cache-2" }],
    // Flat for the rule's 60 s window (less one sample interval) before it can tell.
    ["replica-stall", "replica-stalled", 75, { cluster: "orders", replica: "s-04-r1" }],
    // The replica slows over a 5-minute ramp; lag must pass 5 s and grow steadily for the fit.
    ["slow-replica", "replica-lag-growing", 450, { cluster: "users", replica: "s-05-r1" }],
    // Silent for 30 s while the rest of the cluster reports.
    ["node-failure", "replica-missing", 45, { cluster: "orders" }],
  ])("%s fires %s within %i s of the event, and nothing fires before it", (name, rule, withinSeconds, target) => {
    const r = replayScenario(findScenario(scenarios, name), rules);
    expect(r.failures).toEqual([]);
    const start = r.events[0]!.at;
    const caught = r.alerts.filter((a) => a.ruleName === rule);
    expect(caught.length).toBeGreaterThan(0);
    for (const a of caught) expect(a.labels).toMatchObject(target);
    const first = Math.min(...caught.map((a) => a.firedAt!));
    expect(first - start).toBeGreaterThanOrEqual(0);
    expect(first - start).toBeLessThanOrEqual(withinSeconds * 1000);
    expect(r.alerts.filter((a) => a.activeAt < start)).toEqual([]);
  });
});

describe("replayScenario with DEFAULT_RULES: benign scenarios", () => {
  const benign = scenarios.filter((s) => s.benign);

  it("covers the benign scenarios the defaults were calibrated on", () => {
    expect(benign.map((s) => s.name)).toEqual(expect.arrayContaining(["benign-noise", "fleet-surge", "shard-added"]));
  });

  // About 10 s each: 24 h of 5 s steps over a 32-shard cluster.
  it.each(benign.map((s) => [s.name, s] as const))(
    "%s raises no alert over 24 simulated hours",
    (_, scenario) => {
      const r = replayScenario(scenario, rules, { durationMs: DAY_MS });
      expect(r.evaluations).toBeGreaterThan(DAY_MS / 5000);
      expect(r.failures).toEqual([]);
      expect(r.alerts.map((a) => `${a.ruleName}: ${a.summary}`)).toEqual([]);
    },
    120_000,
  );
});
