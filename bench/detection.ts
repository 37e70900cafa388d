// npm run bench:detection: the detection figures of issue #5, in this process, on the simulator.
//  1. Latency: six incident scenarios × SEEDS runs (other seed, other phase of the 5 s evaluation grid),
//     replayed through the engine with the default rules. Detection latency = firedAt − activeAt (the
//     first sample that met the condition; DESIGN.md); "from event" = firedAt − the scripted start.
//  2. Precision: alerts over 24 simulated hours of each benign scenario (must be 0).
//  3. Scale: one evaluation of the default rules over 10,000 shards + 20,000 replicas + 200 cache
//     nodes with 30 min of history. Peer: reading every series' latest point once (the floor).
import { replayScenario } from "@/lib/detection/backtest/scenario";
import { DetectionEngine } from "@/lib/detection/engine/engine";
import { DetectionView, ViewCache } from "@/lib/detection/engine/view";
import { adHocRules } from "@/lib/detection/rules/ad-hoc";
import { DEFAULT_RULES } from "@/lib/detection/rules/defaults";
import { SimModel } from "@/lib/sim/model";
import { frameToSamples } from "@/lib/sim/samples";
import { loadScenarios } from "@/lib/sim/scenarios";
import type { TScenario } from "@/lib/sim/scenario";
import { applySample } from "@/lib/telemetry/apply-sample";
import { WindowStore } from "@/lib/telemetry/window-store";
import { median, quantile } from "./lib/server";

const SEEDS = Number(process.env.SEEDS ?? 8);
const SCALE_RUNS = Number(process.env.SCALE_RUNS ?? 12);
const ONLY = process.env.ONLY?.split(",");
const T0 = Date.UTC(2026, 10, 23);
const rules = adHocRules(DEFAULT_RULES);
const scenarios = new Map(loadScenarios().map((s) => [s.name, s]));

type TCase = { incident: string; scenario: string; rules: string[]; kind: "sudden" | "gradual" };
const CASES: TCase[] = [
  { incident: "sudden hot shard", scenario: "celebrity-key-writes", rules: ["hot-shard"], kind: "sudden" },
  { incident: "gradual hot range", scenario: "hot-range", rules: ["hot-shard"], kind: "gradual" },
  { incident: "lag spike (partition)", scenario: "replica-partition", rules: ["replica-lag-slo", "replica-lag-growing"], kind: "sudden" },
  { incident: "lag creep (slow replica)", scenario: "slow-replica", rules: ["replica-lag-growing", "replica-lag-slo"], kind: "gradual" },
  { incident: "cache collapse (restart)", scenario: "cache-restart", rules: ["cache-hit-drop"], kind: "sudden" },
  { incident: "hot key", scenario: "hot-key", rules: ["hot-key"], kind: "sudden" },
];

function withSeed(s: TScenario, seed: number): TScenario {
  return { ...s, seed: `${String(s.seed)}-${seed}` };
}

function latency(): void {
  console.log(`\n1. Detection latency (backtest, ${SEEDS} runs per incident, 5 s samples; the engine evaluates as each step arrives, as live)`);
  console.log("   incident                   rule fired            latency p50 / p95    from event start p50 / p95   target");
  for (const c of CASES) {
    const s = scenarios.get(c.scenario)!;
    const event = s.events[0]!;
    const lat: number[] = [];
    const fromEvent: number[] = [];
    let missed = 0;
    let fired = "";
    for (let k = 0; k < SEEDS; k++) {
      const startMs = T0 + k * 3_600_000 + ((k * 1_237) % 5_000); // another phase against the grid
      const r = replayScenario(withSeed(s, k), rules, { startMs, durationMs: (event.at + 15 * 60) * 1000 });
      const eventAt = startMs + event.at * 1000;
      const hit = r.alerts.filter((a) => c.rules.includes(a.ruleName) && a.firedAt !== null && a.firedAt >= eventAt).sort((a, b) => a.firedAt! - b.firedAt!)[0];
      if (!hit) {
        missed++;
        continue;
      }
      fired = hit.ruleName;
      lat.push((hit.firedAt! - hit.activeAt) / 1000);
      fromEvent.push((hit.firedAt! - eventAt) / 1000);
    }
    const q = (xs: number[], p: number) =>
      xs.length
        ? quantile(
            [...xs].sort((a, b) => a - b),
            p,
          ).toFixed(1)
        : "-";
    const target = c.kind === "sudden" ? "< 15 s" : "< 60 s after the condition";
    console.log(
      `   ${c.incident.padEnd(26)} ${fired.padEnd(21)} ${q(lat, 0.5).padStart(6)} / ${q(lat, 0.95).padStart(5)} s    ${q(fromEvent, 0.5).padStart(6)} / ${q(fromEvent, 0.95).padStart(5)} s        ${target}${missed ? `   MISSED ${missed}` : ""}`,
    );
  }
}

function precision(): void {
  console.log("\n2. Precision: alerts over 24 simulated hours of each benign scenario (target 0)");
  for (const s of [...scenarios.values()].filter((x) => x.benign)) {
    const t = performance.now();
    const r = replayScenario(s, rules, { startMs: T0, durationMs: 24 * 3_600_000 });
    const names = [...new Set(r.alerts.map((a) => a.ruleName))].join(", ");
    console.log(
      `   ${s.name.padEnd(14)} ${String(r.alerts.length).padStart(3)} alerts${names ? ` (${names})` : ""}   ${r.samples.toLocaleString("en-US")} samples, ${r.evaluations.toLocaleString("en-US")} evaluations, ${((performance.now() - t) / 1000).toFixed(1)} s`,
    );
  }
}

function scale(): void {
  const xl = scenarios.get("xl")!;
  const model = new SimModel(xl, { startMs: T0 });
  const store = new WindowStore({ retentionMs: 30 * 60_000, maxPointsPerSeries: 8192 });
  const noop = () => undefined;
  const feed = (t: number) => {
    for (const s of frameToSamples(model.step(t), t)) applySample(store, s, t, noop);
  };
  const t0 = performance.now();
  let t = T0;
  for (; t < T0 + 30 * 60_000; t += 5000) feed(t);
  const fill = (performance.now() - t0) / 1000;
  const engine = new DetectionEngine();
  const things = new ViewCache();
  const evals: number[] = [];
  const views: number[] = [];
  const peers: number[] = [];
  for (let k = 0; k < SCALE_RUNS; k++, t += 5000) {
    feed(t);
    const a = performance.now();
    const view = DetectionView.of(store, t, { staleMs: 30_000 }, things);
    const b = performance.now();
    engine.evaluate(rules, view);
    const c = performance.now();
    let sum = 0;
    for (const e of store.series.values()) sum += e.buf.length ? e.buf.valueAt(e.buf.length - 1) : 0;
    peers.push(performance.now() - c + (sum < 0 ? 1 : 0));
    views.push(b - a);
    evals.push(c - a);
  }
  const stats = store.stats();
  console.log(
    `\n3. Scale: 10,000 shards + 20,000 replicas + 200 cache nodes (scenario xl), ${stats.series.toLocaleString("en-US")} series, 30 min of history (${fill.toFixed(0)} s to fill)`,
  );
  console.log(
    `   one evaluation of the ${rules.filter((r) => r.enabled).length} enabled default rules, view included: median ${median(evals).toFixed(1)} ms, max ${Math.max(...evals).toFixed(1)} ms over ${SCALE_RUNS} evaluations (target < 100 ms)`,
  );
  console.log(`     of which building the view: median ${median(views).toFixed(1)} ms`);
  console.log(`   peer: reading every series' latest point once: median ${median(peers).toFixed(1)} ms`);
}

console.log(`Detection benchmark, ${new Date().toISOString()}, node ${process.version}`);
if (!ONLY || ONLY.includes("latency")) latency();
if (!ONLY || ONLY.includes("precision")) precision();
if (!ONLY || ONLY.includes("scale")) scale();
