import { describe, expect, it } from "vitest";
import { chooseMitigations, type TChoiceInput } from "@/lib/mitigation/choose";
import { summariseSignal } from "@/lib/mitigation/signal-summary";

// The numbers a person reads on a proposal, from the signal stored with it.

const FAIR = 1500;

function signal(over: Partial<TChoiceInput> = {}): TChoiceInput {
  const nodes = Array.from({ length: 8 }, (_, i) => ({
    id: `db-${i}`,
    capacityQps: 20000,
    up: true,
    shards: Array.from({ length: 4 }, (_, j) => ({ id: `s-${i * 4 + j}`, qps: i * 4 + j === 20 ? 6000 : FAIR })),
  }));
  return {
    trigger: "hot-shard",
    cluster: { name: "orders", shardCount: 32, qps: 52500, baselineQps: 48000 },
    shard: {
      id: "s-20",
      node: "db-5",
      qps: 6000,
      capacityQps: 6000,
      sizeGb: 40,
      keyRange: { start: "a0000000", end: "a8000000" },
      replicas: [{ id: "s-20-r1", node: "db-6", lagSeconds: 0.3 }],
      load: { readQps: 1000, writeQps: 4500, replicaReadQps: 500, readsToReplicas: 0.3, topKeys: [{ key: "customer:9", readQps: 50, writeQps: 10 }, { key: "customer:4", readQps: 200, writeQps: 100 }], salted: [], overlaid: [] },
    },
    nodes,
    copyMBps: 400,
    replicaLagSloSeconds: 30,
    ...over,
  };
}

describe("summariseSignal", () => {
  it("gives the shard against its fair share, its node's utilisation, the mix and the top key", () => {
    const s = summariseSignal(signal())!;
    expect(s.cluster).toEqual({ name: "orders", qps: 52500, shardCount: 32, fairQps: 52500 / 32, baselineQps: 48000 });
    expect(s.shard).toMatchObject({ id: "s-20", node: "db-5", qps: 6000, capacityQps: 6000, sizeGb: 40 });
    expect(s.shard!.readFraction).toBeCloseTo(1500 / 6000);
    expect(s.shard!.topKey).toEqual({ key: "customer:4", qps: 300, share: 300 / 6000 });
    expect(s.node).toEqual({ id: "db-5", qps: 3 * FAIR + 6000, capacityQps: 20000, utilisation: (3 * FAIR + 6000) / 20000 });
    expect(s.choice).toBeNull();
  });

  it("keeps the diagnosis and what cannot help when the choice was stored with it", () => {
    const facts = signal();
    const choice = chooseMitigations(facts);
    const s = summariseSignal({ ...facts, choice: { summary: choice.summary, cannotHelp: choice.cannotHelp } })!;
    expect(s.choice?.summary).toBe(choice.summary);
    expect(s.choice?.cannotHelp.map((c) => c.action)).toEqual(choice.cannotHelp.map((c) => c.action));
    expect(s.choice?.cannotHelp.length).toBeGreaterThan(0);
  });

  it("has no shard, node, mix or top key when the facts do not name them", () => {
    const s = summariseSignal(signal({ shard: null }))!;
    expect(s.shard).toBeNull();
    expect(s.node).toBeNull();
    const noLoad = summariseSignal(signal({ shard: { ...signal().shard!, load: null } }))!;
    expect(noLoad.shard).toMatchObject({ readFraction: null, topKey: null });
  });

  it.each([null, undefined, "x", 3, {}, { cluster: {} }])("is null for a signal that is not one (%j)", (raw) => {
    expect(summariseSignal(raw)).toBeNull();
  });
});
