import { describe, expect, it } from "vitest";
import { chooseMitigations, splitPoint, type TChoiceInput, type TNodeFacts, type TShardFacts, type TShardLoadFacts } from "@/lib/mitigation/choose";

// Facts shaped like the simulator's mitigation scenarios (32 shards of 6,000 req/s capacity on 8
// nodes, 48,000 req/s in all, fair share 1,500 req/s), one table row per scenario.

const FAIR = 1500;

function load(over: Partial<TShardLoadFacts> = {}): TShardLoadFacts {
  return { readQps: 1050, writeQps: 450, replicaReadQps: 0, readsToReplicas: 0, topKeys: [], salted: [], overlaid: [], ...over };
}

function shard(over: Partial<TShardFacts> = {}): TShardFacts {
  return {
    id: "s-12",
    node: "db-4",
    qps: FAIR,
    capacityQps: 6000,
    sizeGb: 20,
    keyRange: { start: "60000000", end: "68000000" },
    replicas: [{ id: "s-12-r1", node: "db-5", lagSeconds: 0.2 }],
    load: load(),
    ...over,
  };
}

function nodes(hot: Record<string, number> = {}, capacityQps = 20000): TNodeFacts[] {
  return Array.from({ length: 8 }, (_, i) => {
    const id = `db-${i}`;
    const shards = Array.from({ length: 4 }, (_, j) => ({ id: `s-${i * 4 + j}`, qps: hot[`s-${i * 4 + j}`] ?? FAIR }));
    return { id, capacityQps, up: true, shards };
  });
}

function input(over: Partial<TChoiceInput> = {}): TChoiceInput {
  return {
    trigger: "hot-shard",
    cluster: { name: "orders", shardCount: 32, qps: 48000, baselineQps: 48000 },
    shard: shard(),
    nodes: nodes(),
    copyMBps: 200,
    replicaLagSloSeconds: 30,
    ...over,
  };
}

type TRow = { name: string; input: TChoiceInput; diagnosis: string; ranked: string[]; cannot: string[] };

const ROWS: TRow[] = [
  {
    name: "celebrity key, 90% writes (celebrity-key-writes): salting, never a split",
    input: input({
      shard: shard({ qps: 5800, load: load({ readQps: 1500, writeQps: 4300, topKeys: [{ key: "customer:3", readQps: 400, writeQps: 3600 }] }) }),
    }),
    diagnosis: "single-hot-key",
    ranked: ["key-salting", "throttle"],
    cannot: ["split", "move", "cache-overlay"],
  },
  {
    name: "celebrity key, 98% reads (celebrity-key-reads): cache overlay first",
    input: input({
      shard: shard({ qps: 5900, load: load({ readQps: 5600, writeQps: 300, topKeys: [{ key: "product:2", readQps: 4400, writeQps: 90 }] }) }),
    }),
    diagnosis: "single-hot-key",
    ranked: ["cache-overlay", "reads-to-replicas", "key-salting"],
    cannot: ["split", "move"],
  },
  {
    name: "read-heavy range, idle replicas (read-heavy-shard): reads to replicas, then split",
    input: input({
      shard: shard({
        qps: 5300,
        replicas: [
          { id: "s-12-r1", node: "db-5", lagSeconds: 0.1 },
          { id: "s-12-r2", node: "db-6", lagSeconds: 0.3 },
        ],
        load: load({ readQps: 4850, writeQps: 450, topKeys: [{ key: "order:1", readQps: 90, writeQps: 10 }] }),
      }),
    }),
    diagnosis: "hot-range",
    ranked: ["reads-to-replicas", "split"],
    cannot: ["key-salting"],
  },
  {
    name: "write-heavy hot range (hot-range): split; replicas cannot take writes",
    input: input({ shard: shard({ qps: 5500, load: load({ readQps: 1050, writeQps: 4450 }) }) }),
    diagnosis: "hot-range",
    ranked: ["split"],
    cannot: ["reads-to-replicas", "key-salting"],
  },
  {
    name: "three warm shards saturate one node (warm-node): move the hottest",
    input: input({
      trigger: "shard-threshold",
      shard: shard({ id: "s-17", node: "db-4", qps: 4400, load: load({ readQps: 3000, writeQps: 1400 }) }),
      nodes: nodes({ "s-16": 4500, "s-17": 4400, "s-18": 4300 }, 12000),
    }),
    diagnosis: "warm-node",
    ranked: ["move"],
    cannot: ["split"],
  },
  {
    name: "the whole cluster at 2.6× (abusive-client): throttle the cluster",
    input: input({
      trigger: "shard-threshold",
      cluster: { name: "orders", shardCount: 32, qps: 124_800, baselineQps: 48_000 },
      shard: shard({ qps: 3900 }),
      nodes: nodes(Object.fromEntries(Array.from({ length: 32 }, (_, i) => [`s-${i}`, 3900]))),
    }),
    diagnosis: "surge",
    ranked: ["throttle"],
    cannot: ["split", "move"],
  },
  {
    name: "replica lag after reads were sent to replicas: take them back",
    input: input({
      trigger: "replica-lag",
      shard: shard({ qps: 2400, load: load({ readQps: 1200, writeQps: 1200, replicaReadQps: 2400, readsToReplicas: 0.66 }) }),
    }),
    diagnosis: "replica-read-lag",
    ranked: ["reads-to-replicas"],
    cannot: ["split"],
  },
  {
    name: "a cool shard on a node saturated by a hot neighbour: move the neighbour, never split the victim",
    input: input({ trigger: "shard-threshold", shard: shard({ id: "s-14", node: "db-3", qps: 1250 }), nodes: nodes({ "s-12": 14_000, "s-14": 1250 }) }),
    diagnosis: "noisy-neighbour",
    ranked: ["move"],
    cannot: ["split"],
  },
  {
    name: "a cool shard on a calm node: nothing in the catalog fits",
    input: input({ trigger: "shard-threshold", shard: shard({ id: "s-14", node: "db-3", qps: 1250 }) }),
    diagnosis: "unclear",
    ranked: [],
    cannot: ["split"],
  },
  {
    name: "no shard named and a normal total: nothing applies",
    input: input({ trigger: "cache-hit-drop", shard: null }),
    diagnosis: "unclear",
    ranked: [],
    cannot: [],
  },
];

describe("chooseMitigations", () => {
  it.each(ROWS)("$name", (row) => {
    const choice = chooseMitigations(row.input);
    expect(choice.diagnosis).toBe(row.diagnosis);
    expect(choice.proposals.map((p) => p.action)).toEqual(row.ranked);
    expect(choice.cannotHelp.map((c) => c.action).sort()).toEqual([...row.cannot].sort());
    for (const p of choice.proposals) {
      expect(p.rationale.length).toBeGreaterThan(40);
      expect(p.plan.steps.length).toBeGreaterThan(0);
      expect(p.plan.expected.length).toBeGreaterThan(0);
    }
  });

  it("sizes salting from the load: enough buckets to bring the shard under 70% of capacity", () => {
    const [salt] = chooseMitigations(ROWS[0]!.input).proposals;
    expect(salt!.params).toEqual({ key: "customer:3", buckets: 2 });
    expect(salt!.plan.expected[0]!.after).toBeLessThanOrEqual(6000 * 0.7);
  });

  it("routes enough reads to replicas to reach the target, and says how stale they may be", () => {
    const [reads] = chooseMitigations(ROWS[2]!.input).proposals;
    expect(reads!.params).toEqual({ shard: "s-12", fraction: 0.5 });
    expect(reads!.plan.expected[0]!.after).toBeLessThan(6000 * 0.7);
    expect(reads!.plan.steps[0]).toMatch(/stale/);
  });

  it("plans a split from the topology: the coolest other node, the copy size and its duration", () => {
    const choice = chooseMitigations(ROWS[3]!.input);
    const split = choice.proposals[0]!;
    expect(split.params.toNode).not.toBe("db-4");
    expect(split.params.at).toBe("64000000");
    expect(split.plan.copyGb).toBe(10);
    // 10 GB at 200 MB/s = 51.2 s of copy, + a tenth to catch up, + verify and cut over.
    expect(split.plan.estimatedSeconds).toBe(Math.ceil(51.2 * 1.1 + 10));
    expect(split.plan.expected[0]).toMatchObject({ target: "s-12", before: 5500, after: 2750 });
  });

  it("moves the node's hottest shard to the node with the most headroom", () => {
    const [move] = chooseMitigations(ROWS[4]!.input).proposals;
    expect(move!.target).toBe("s-16");
    expect(move!.params.toNode).not.toBe("db-4");
    expect(move!.plan.expected.find((e) => e.target === "db-4")).toMatchObject({ before: 123, after: 85, unit: "%" });
  });

  it("throttles a surge near the usual rate", () => {
    const [t] = chooseMitigations(ROWS[5]!.input).proposals;
    expect(t!.params).toEqual({ target: "cluster", limitQps: 52800 });
  });

  it("does not offer what is already in force", () => {
    const row = ROWS[1]!;
    const already = { ...row.input, shard: { ...row.input.shard!, load: { ...row.input.shard!.load!, overlaid: ["product:2"] } } };
    expect(chooseMitigations(already).proposals.map((p) => p.action)).toEqual(["reads-to-replicas", "key-salting"]);
  });

  it("offers no replica reads when the replicas lag", () => {
    const row = ROWS[2]!;
    const lagging = { ...row.input, shard: { ...row.input.shard!, replicas: [{ id: "s-12-r1", node: "db-5", lagSeconds: 40 }] } };
    expect(chooseMitigations(lagging).proposals.map((p) => p.action)).toEqual(["split"]);
  });
});

describe("splitPoint", () => {
  const range = { start: "60000000", end: "68000000" };
  it("is the midpoint without load slices", () => {
    expect(splitPoint(range)).toBe("64000000");
  });
  it("is the load median when the plane reports slices", () => {
    // All the load in the upper quarter: the point lies inside it.
    expect(splitPoint(range, [0, 0, 0, 100])).toBe("67000000");
    expect(splitPoint(range, [100, 0, 0, 100])).toBe("62000000");
  });
  it("stays strictly inside the range and handles the ring's end", () => {
    expect(splitPoint({ start: "f0000000", end: "00000000" })).toBe("f8000000");
    const p = parseInt(splitPoint(range, [1000, 0, 0, 0]), 16);
    expect(p).toBeGreaterThan(0x60000000);
    expect(p).toBeLessThan(0x68000000);
  });
});

describe("a surge is even", () => {
  it("a few very hot shards raise the total but not the median: not a surge", () => {
    const hot = { "s-3": 10_500, "s-21": 13_500, "s-12": 7_000 };
    const choice = chooseMitigations(
      input({ cluster: { name: "orders", shardCount: 32, qps: 48_000 + 9000 + 12_000 + 5500, baselineQps: 48_000 }, shard: shard({ qps: 7000, load: load({ readQps: 1050, writeQps: 5950 }) }), nodes: nodes(hot) }),
    );
    expect(choice.diagnosis).toBe("hot-range");
    expect(choice.proposals[0]!.action).toBe("split");
  });
});

describe("the victim of a noisy neighbour", () => {
  it("proposes moving the node's hottest shard, naming it", () => {
    const choice = chooseMitigations(input({ trigger: "shard-threshold", shard: shard({ id: "s-14", node: "db-3", qps: 1250 }), nodes: nodes({ "s-12": 14_000, "s-14": 1250 }) }));
    expect(choice.proposals[0]).toMatchObject({ action: "move", target: "s-12" });
    expect(choice.proposals[0]!.rationale).toMatch(/^s-14 takes 1,250 req\/s, 0\.8× its fair share, but shares db-3, which runs at 91% because s-12 takes 14,000 req\/s/);
  });
});
