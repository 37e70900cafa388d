import type { TClusterFrame } from "@/lib/sim/capacity";
import { SimModel } from "@/lib/sim/model";
import type { TScenarioInput } from "@/lib/sim/scenario";
import { parseScenario } from "@/lib/sim/scenarios";

export const T0 = Date.UTC(2026, 10, 23, 12, 0, 0);
export const STEP = 5_000;

export function orders(overrides: Partial<TScenarioInput["clusters"][number]> = {}): TScenarioInput["clusters"][number] {
  return {
    name: "orders",
    shards: 16,
    nodes: 4,
    replicasPerShard: 1,
    nodeCapacityQps: 100_000,
    shardCapacityQps: 50_000,
    keyPrefix: "customer:",
    readFraction: 0.7,
    traffic: { baseQps: 32_000, diurnalAmplitude: 0, noise: 0.02 },
    ...overrides,
  };
}

export function model(input: Partial<TScenarioInput> = {}, seed: number | string = 1): SimModel {
  const scenario = parseScenario(
    { name: "t", title: "t", description: "t", duration: "2h", loop: false, seed, clusters: [orders()], events: [], ...input },
    "test",
  );
  return new SimModel(scenario, { startMs: T0 });
}

/** Steps from the model's current time for `seconds`, returning each step's frame of one cluster. */
export function run(m: SimModel, seconds: number, cluster = "orders"): TClusterFrame[] {
  const frames: TClusterFrame[] = [];
  const start = m.simMs;
  const first = frames.length === 0 && m.simMs === m.startMs ? 0 : STEP;
  for (let t = first; t <= seconds * 1000; t += STEP) frames.push(m.step(start + t).clusters.get(cluster)!);
  return frames;
}

export const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
export const shardQps = (frames: TClusterFrame[], id: string) => mean(frames.map((f) => f.shards.find((s) => s.shard.id === id)?.qps ?? NaN));
