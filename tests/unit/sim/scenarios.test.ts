import { describe, expect, it } from "vitest";
import { OPERATION_KINDS } from "@/lib/control-plane/types";
import type { TClusterFrame } from "@/lib/sim/capacity";
import { SimModel } from "@/lib/sim/model";
import { frameToSamples } from "@/lib/sim/samples";
import { ZDuration } from "@/lib/sim/scenario";
import { loadScenarios, parseScenario } from "@/lib/sim/scenarios";
import { ZTelemetryBatch } from "@/lib/telemetry/sample";
import { T0 } from "./helpers";

const scenarios = loadScenarios();
const byName = (n: string) => scenarios.find((s) => s.name === n)!;

/** Runs a scenario's first `minutes` at 5 s steps; frames of its first cluster. */
function play(name: string, minutes: number): TClusterFrame[] {
  const s = byName(name);
  const m = new SimModel(s, { startMs: T0 });
  const frames: TClusterFrame[] = [];
  for (let t = 0; t <= minutes * 60_000; t += 5000) frames.push(m.step(T0 + t).clusters.get(s.clusters[0]!.name)!);
  return frames;
}
const at = (frames: TClusterFrame[], minute: number) => frames[Math.round((minute * 60) / 5)]!;
const maxShare = (f: TClusterFrame) => Math.max(...f.shards.map((s) => s.qps)) / f.shards.reduce((a, s) => a + s.qps, 0);
const maxP99 = (f: TClusterFrame) => Math.max(...f.shards.map((s) => s.p99Ms));
const maxLag = (f: TClusterFrame) => Math.max(...f.replicas.map((r) => r.lagSeconds ?? 0));
const minHit = (f: TClusterFrame) => Math.min(...f.caches.map((c) => c.hits / (c.hits + c.misses)));

describe("[SIM] scenarios", () => {
  it("ship at least eight, each described, with one scenario per mitigation it is the right fix for", () => {
    expect(scenarios.length).toBeGreaterThanOrEqual(8);
    for (const s of scenarios) expect(s.description.length).toBeGreaterThan(40);
    for (const kind of OPERATION_KINDS) expect(scenarios.some((s) => s.fixedBy === kind)).toBe(true);
  });

  it("emit samples the telemetry API accepts", () => {
    for (const s of scenarios.filter((x) => x.name !== "xl")) {
      const m = new SimModel(s, { startMs: T0 });
      const samples = frameToSamples(m.step(T0), T0);
      const parsed = ZTelemetryBatch.safeParse({ samples });
      expect(parsed.success, `${s.name}: ${parsed.error?.issues[0]?.message}`).toBe(true);
    }
  });

  it.each([
    ["celebrity-key-writes", (f: TClusterFrame[]) => expect(maxShare(at(f, 10))).toBeGreaterThan(maxShare(at(f, 4)) * 2)],
    ["hot-range", (f: TClusterFrame[]) => expect(maxP99(at(f, 12))).toBeGreaterThan(maxP99(at(f, 4)) * 2)],
    ["warm-node", (f: TClusterFrame[]) => expect(Math.max(...at(f, 10).nodeUtil.values())).toBeGreaterThan(1)],
    ["abusive-client", (f: TClusterFrame[]) => expect(Math.max(...at(f, 8).shards.map((s) => s.errorRate))).toBeGreaterThan(0.05)],
    ["fleet-surge", (f: TClusterFrame[]) => expect(maxShare(at(f, 25))).toBeLessThan(maxShare(at(f, 4)) * 1.3)],
    ["slow-replica", (f: TClusterFrame[]) => expect(maxLag(at(f, 30))).toBeGreaterThan(60)],
    ["replica-partition", (f: TClusterFrame[]) => expect(maxLag(at(f, 12))).toBeGreaterThan(300)],
    ["cache-restart", (f: TClusterFrame[]) => expect(minHit(at(f, 5.1))).toBeLessThan(0.2)],
    [
      "cache-stampede",
      (f: TClusterFrame[]) =>
        expect(Math.max(...at(f, 6).caches.map((c) => c.evictions))).toBeGreaterThan(Math.max(...at(f, 4).caches.map((c) => c.evictions)) * 2),
    ],
    ["node-failure", (f: TClusterFrame[]) => expect(Math.max(...at(f, 5.1).shards.map((s) => s.errorRate))).toBe(1)],
  ])("%s produces its incident", (name, check) => {
    check(play(name, byName(name).duration > 3600 ? 40 : 35));
  });

  it("a stalled replica reports exactly zero lag while its shard takes writes", () => {
    const frames = play("replica-stall", 10);
    const lags = frames.slice(70).map((f) => f.replicas.find((r) => r.replica.id === "s-04-r1")!.lagSeconds);
    expect(new Set(lags)).toEqual(new Set([0]));
  });

  it("reject a bad scenario with messages naming the field", () => {
    const bad = {
      name: "Bad Name",
      title: "x",
      description: "x",
      duration: "soon",
      clusters: [{ name: "a", shards: 0, nodes: 1, traffic: { baseQps: 1 } }],
      events: [{ type: "surge", cluster: "b", at: "1m", multiplier: 2 }],
    };
    expect(() => parseScenario(bad, "bad.json")).toThrow(/name: lowercase letters.*duration: expected seconds or a duration/);
    expect(() => parseScenario({ ...bad, name: "ok", duration: "1h", clusters: [{ ...bad.clusters[0], shards: 4 }] }, "bad.json")).toThrow(
      /events\.0\.cluster: no cluster "b"/,
    );
  });

  it.each([
    ["90s", 90],
    ["5m", 300],
    ["2h30m", 9000],
    [45, 45],
  ])("reads the duration %s", (text, seconds) => {
    expect(ZDuration.parse(text)).toBe(seconds);
  });

  it("loop scripted events in live mode", () => {
    const s = { ...byName("demo") };
    const m = new SimModel(s, { startMs: T0 });
    const first = s.events[0]!;
    m.step(T0 + (first.at + 1) * 1000);
    expect(m.active.some((a) => a.event === first)).toBe(true);
    m.step(T0 + (s.duration + first.at + 1) * 1000);
    expect(m.active.some((a) => a.event === first && a.id.startsWith("1:"))).toBe(true);
  });
});
