import { describe, expect, it } from "vitest";
import { chooseMitigations } from "@/lib/mitigation/choose";
import { gatherFacts } from "@/lib/mitigation/gather";
import { SimControlPlane } from "@/lib/sim/control-plane";
import { SimModel } from "@/lib/sim/model";
import { frameToSamples } from "@/lib/sim/samples";
import { findScenario, loadScenarios } from "@/lib/sim/scenarios";
import { applySample } from "@/lib/telemetry/apply-sample";
import { WindowStore } from "@/lib/telemetry/window-store";

// Every simulator scenario that names the action that fixes it: run it past its event's onset, read
// the facts as the live server would (the window, the plane's topology and inspectShard) about the
// hottest shard, and expect the catalog's first choice to be that action.

const T0 = Date.UTC(2026, 10, 23, 12, 0, 0);
const scenarios = loadScenarios().filter((s) => s.fixedBy);

describe("the catalog's first choice on each scenario is the fix it names", () => {
  it("covers every action of the catalog", () => {
    expect(new Set(scenarios.map((s) => s.fixedBy))).toEqual(new Set(["split", "move", "throttle", "key-salting", "cache-overlay", "reads-to-replicas"]));
  });

  it.each(scenarios.map((s) => [s.name, s.fixedBy] as const))("%s → %s", async (name, fixedBy) => {
    const scenario = findScenario(scenarios, name);
    const model = new SimModel(scenario, { startMs: T0 });
    const store = new WindowStore();
    const plane = new SimControlPlane(() => model);
    const onset = Math.max(...scenario.events.map((e) => e.at + (e.ramp ?? 0))) * 1000;
    for (let t = T0; t <= T0 + onset + 3 * 60_000; t += 5000) for (const s of frameToSamples(model.step(t), t)) applySample(store, s, t, () => undefined);
    const cluster = scenario.clusters[0]!.name;
    const deps = { store, plane, staleMs: 30_000, replicaLagSloSeconds: 30 };
    const now = model.simMs;
    const overview = await gatherFacts(deps, { cluster, shard: null, trigger: "hot-shard" }, now);
    const hottest = overview.nodes.flatMap((n) => n.shards).sort((a, b) => b.qps - a.qps)[0]!;
    const facts = await gatherFacts(deps, { cluster, shard: hottest.id, trigger: "hot-shard" }, now);
    const choice = chooseMitigations(facts);
    expect(choice.proposals[0]?.action, `${choice.diagnosis}: ${choice.summary}`).toBe(fixedBy);
  });
});
