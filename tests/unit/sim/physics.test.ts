import { describe, expect, it } from "vitest";
import { findShard, keyName } from "@/lib/sim/cluster";
import { hash32, findRange } from "@/lib/sim/ring";
import { createZipf } from "@/lib/sim/zipf";
import { frameToSamples } from "@/lib/sim/samples";
import { mean, model, orders, run, shardQps } from "./helpers";

describe("[SIM] physics", () => {
  it("a celebrity key adds its expected traffic to the shard that owns it, and only there", () => {
    const m = model({ events: [{ type: "celebrity-key", cluster: "orders", at: "10m", duration: "30m", key: "customer:3", multiplier: 20 }] });
    const state = m.clusters.get("orders")!.state;
    const owner = state.shards[findRange(state.starts, hash32("customer:3"))]!.id;
    const before = run(m, 9 * 60);
    const during = run(m, 10 * 60).slice(24);
    const zipf = createZipf(state.spec.keys, state.spec.zipfExponent);
    const expectedExtra = 32_000 * zipf.p(3) * 19;
    const rise = shardQps(during, owner) - shardQps(before, owner);
    expect(rise).toBeGreaterThan(expectedExtra * 0.9);
    expect(rise).toBeLessThan(expectedExtra * 1.1);
    const other = state.shards.find((s) => s.id !== owner)!.id;
    expect(Math.abs(shardQps(during, other) - shardQps(before, other))).toBeLessThan(shardQps(before, other) * 0.05);
    const share = (fs: typeof during) => mean(fs.map((f) => f.shards.find((s) => s.shard.id === owner)!.qps / f.shards.reduce((a, s) => a + s.qps, 0)));
    expect(share(during) - share(before)).toBeGreaterThan((expectedExtra / (32_000 + expectedExtra)) * 0.85);
  });

  it("a split halves the hot range's load once cutover is done", async () => {
    const m = model({ events: [{ type: "hot-range", cluster: "orders", at: "1m", duration: "1h", shard: "s-03", qps: 6000 }] });
    run(m, 5 * 60);
    const hot = shardQps(run(m, 2 * 60), "s-03");
    const op = await import("@/lib/sim/actions").then((a) => a.startSplit(m, "orders", "s-03"));
    run(m, 5 * 60);
    expect(m.ops.get(op.id)!.op.phase).toBe("done");
    const after = run(m, 2 * 60);
    const child = m.clusters.get("orders")!.state.shards.find((s) => s.id === "s-16")!;
    expect(child).toBeDefined();
    expect(shardQps(after, "s-03") / hot).toBeGreaterThan(0.45);
    expect(shardQps(after, "s-03") / hot).toBeLessThan(0.55);
    expect(shardQps(after, "s-16") / hot).toBeGreaterThan(0.45);
    expect(shardQps(after, "s-16") / hot).toBeLessThan(0.55);
  });

  it("a move shifts the shard's load from its old node to the new one", async () => {
    const m = model({ clusters: [orders({ nodeCapacityQps: 20_000 })] });
    const state = m.clusters.get("orders")!.state;
    const shard = state.shards[5]!;
    const from = shard.node;
    const to = state.nodes.find((n) => n.id !== from && !shard.replicas.some((r) => r.node === n.id))!.id;
    const before = run(m, 60);
    const load = shardQps(before, shard.id);
    const { startMove } = await import("@/lib/sim/actions");
    startMove(m, "orders", shard.id, to);
    run(m, 5 * 60);
    expect(shard.node).toBe(to);
    const after = run(m, 60);
    const util = (fs: typeof before, node: string) => mean(fs.map((f) => f.nodeUtil.get(node)!));
    expect(util(before, from) - util(after, from)).toBeGreaterThan((load / 20_000) * 0.8);
    expect(util(after, to) - util(before, to)).toBeGreaterThan((load / 20_000) * 0.8);
  });

  it("a split's copy reads a replica's snapshot: the hot primary's node barely feels it, the replica's node does", async () => {
    const m = model({ clusters: [orders({ nodeCapacityQps: 20_000, shardCapacityQps: 10_000, copyMBps: 5 })] });
    const state = m.clusters.get("orders")!.state;
    const shard = state.shards[4]!;
    const primaryNode = shard.node;
    const replicaNode = shard.replicas[0]!.node;
    const util = (fs: ReturnType<typeof run>, node: string) => mean(fs.map((f) => f.nodeUtil.get(node)!));
    const before = run(m, 60);
    const { startSplit } = await import("@/lib/sim/actions");
    const op = startSplit(m, "orders", shard.id);
    run(m, 10); // past "planned"
    const copying = run(m, 30);
    expect(m.ops.get(op.id)!.op.phase).toBe("copying");
    const copyShare = 10_000 * 0.12; // COPY_LOAD_SHARE of a shard's capacity
    expect(util(copying, replicaNode) - util(before, replicaNode)).toBeGreaterThan((copyShare / 20_000) * 0.8);
    expect(util(copying, primaryNode) - util(before, primaryNode)).toBeLessThan((copyShare / 20_000) * 0.3);
  });

  it("salting a hot key over 8 buckets spreads its load over several shards", async () => {
    const m = model({ events: [{ type: "celebrity-key", cluster: "orders", at: 0, duration: "2h", key: "customer:3", multiplier: 40 }] });
    const state = m.clusters.get("orders")!.state;
    const owner = state.shards[findRange(state.starts, hash32("customer:3"))]!.id;
    const hot = run(m, 60);
    const { startKeySalting } = await import("@/lib/sim/config-actions");
    startKeySalting(m, "orders", "customer:3", 8);
    run(m, 30);
    const after = run(m, 60);
    const buckets = new Set(Array.from({ length: 8 }, (_, b) => state.shards[findRange(state.starts, hash32(`customer:3#${b}`))]!.id));
    expect(buckets.size).toBeGreaterThanOrEqual(5);
    const base = mean(state.shards.map((s) => shardQps(hot, s.id)).filter((_, i) => state.shards[i]!.id !== owner));
    const excessBefore = shardQps(hot, owner) - base;
    const maxAfter = Math.max(...state.shards.map((s) => shardQps(after, s.id)));
    expect(maxAfter - base).toBeLessThan(excessBefore * 0.4);
    const total = (fs: typeof hot) => mean(fs.map((f) => f.shards.reduce((a, s) => a + s.qps, 0)));
    expect(Math.abs(total(after) - total(hot)) / total(hot)).toBeLessThan(0.03);
  });

  it("with write buffering, requests failed by a split's cutover stay under 1% of the shard's traffic in that window", async () => {
    const { startSplit } = await import("@/lib/sim/actions");
    const { CUTOVER_SECONDS } = await import("@/lib/sim/operations");
    const failedShare = (bufferWrites: boolean) => {
      const m = model();
      const qps = shardQps(run(m, 60), "s-02");
      const op = startSplit(m, "orders", "s-02", { bufferWrites });
      run(m, 5 * 60);
      expect(m.ops.get(op.id)!.op.phase).toBe("done");
      return m.ops.get(op.id)!.op.failedRequests / (qps * CUTOVER_SECONDS);
    };
    const buffered = failedShare(true);
    const unbuffered = failedShare(false);
    expect(buffered).toBeGreaterThan(0);
    expect(buffered).toBeLessThan(0.01);
    expect(unbuffered).toBeGreaterThan(buffered * 10);
  });

  it("replica lag rises while writes exceed the apply rate and recovers afterwards", () => {
    const m = model({ events: [{ type: "slow-replica", cluster: "orders", at: "2m", duration: "10m", replica: "s-04-r1", factor: 0.1 }] });
    const lag = (fs: ReturnType<typeof run>) => fs.map((f) => f.replicas.find((r) => r.replica.id === "s-04-r1")!.lagSeconds!);
    const before = lag(run(m, 110));
    const during = lag(run(m, 10 * 60));
    const after = lag(run(m, 30 * 60));
    expect(Math.max(...before)).toBeLessThan(1);
    expect(during.at(-1)!).toBeGreaterThan(30);
    expect(during.at(-1)!).toBeGreaterThan(during[10]!);
    expect(after.at(-1)!).toBeLessThan(1);
  });

  it("is deterministic: the same seed gives the same telemetry, another seed does not", () => {
    const samples = (seed: number) => {
      const m = model({ events: [{ type: "celebrity-key", cluster: "orders", at: "1m", key: "customer:9", multiplier: 5 }] }, seed);
      const out: unknown[] = [];
      for (let i = 0; i < 40; i++) out.push(frameToSamples(m.step(m.startMs + i * 5000), m.startMs + i * 5000));
      return JSON.stringify(out);
    };
    expect(samples(7)).toBe(samples(7));
    expect(samples(7)).not.toBe(samples(8));
  });

  it("a rollback restores the topology a split changed", async () => {
    const { startSplit } = await import("@/lib/sim/actions");
    const { startRollback } = await import("@/lib/sim/config-actions");
    const m = model();
    const state = m.clusters.get("orders")!.state;
    const range = { ...findShard(state, "s-05")! };
    run(m, 10);
    const op = startSplit(m, "orders", "s-05");
    run(m, 5 * 60);
    expect(state.shards).toHaveLength(17);
    const rb = startRollback(m, op.id);
    run(m, 5 * 60);
    expect(m.ops.get(rb.id)!.op.phase).toBe("done");
    expect(m.ops.get(op.id)!.op.phase).toBe("rolled-back");
    expect(state.shards).toHaveLength(16);
    expect(findShard(state, "s-05")!.end).toBe(range.end);
    expect(keyName(state, 3)).toBe("customer:3");
  });
});
