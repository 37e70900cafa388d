import { describe, expect, it } from "vitest";
import type { TShardLoad } from "@/lib/control-plane/types";
import { NotFoundError } from "@/lib/errors";
import { findRange, hash32 } from "@/lib/sim/ring";
import { SimControlPlane } from "@/lib/sim/control-plane";
import { SimModel } from "@/lib/sim/model";
import { loadScenarios } from "@/lib/sim/scenarios";
import { STEP, T0, mean, model, orders } from "./helpers";

// inspectShard on the simulator: what a planner sees of a shard's read/write mix and busiest keys,
// under the scenarios built for each mitigation, and how each mitigation changes it.

function scenario(name: string) {
  const m = new SimModel(loadScenarios().find((s) => s.name === name)!, { startMs: T0 });
  return { m, cp: new SimControlPlane(() => m) };
}
/** Steps `seconds` on from the model's clock (from T0 on the first call). */
function advance(m: SimModel, seconds: number): void {
  const stepped = [...m.clusters.values()].some((c) => c.last);
  const end = m.simMs + seconds * 1000;
  for (let t = stepped ? m.simMs + STEP : m.startMs; t <= end; t += STEP) m.step(t);
}
/** Inspects the shard after each of the next `steps` steps. */
async function sample(m: SimModel, cp: SimControlPlane, cluster: string, shard: string, steps = 12): Promise<TShardLoad[]> {
  const out: TShardLoad[] = [];
  for (let k = 0; k < steps; k++) {
    m.step(m.simMs + STEP);
    out.push(await cp.inspectShard(cluster, shard));
  }
  return out;
}
const total = (l: TShardLoad) => l.readQps + l.replicaReadQps + l.writeQps;
const keyQps = (l: TShardLoad, key: string) => l.topKeys.filter((k) => k.key === key).reduce((s, k) => s + k.readQps + k.writeQps, 0);
const share = (l: TShardLoad, key: string) => keyQps(l, key) / total(l);
const ownerOf = (m: SimModel, cluster: string, key: string) => {
  const st = m.clusters.get(cluster)!.state;
  return st.shards[findRange(st.starts, hash32(key))]!.id;
};
async function until(m: SimModel, cp: SimControlPlane, id: string): Promise<void> {
  for (let k = 0; k < 60 && (await cp.getOperation(id)).phase !== "done"; k++) m.step(m.simMs + STEP);
  expect((await cp.getOperation(id)).phase).toBe("done");
}
/** What every load answer must satisfy. */
function sane(l: TShardLoad): void {
  expect(l.topKeys.length).toBeLessThanOrEqual(20);
  const qps = l.topKeys.map((k) => k.readQps + k.writeQps);
  expect(qps).toEqual([...qps].sort((a, b) => b - a));
  expect(qps.reduce((s, x) => s + x, 0)).toBeLessThanOrEqual(total(l) * 1.0001 + 0.1);
}

describe("[SIM] inspectShard", () => {
  it("a celebrity key dominates its shard, first in topKeys, with the event's read/write mix", async () => {
    const { m, cp } = scenario("celebrity-key-writes");
    const owner = ownerOf(m, "orders", "customer:3");
    advance(m, 4 * 60);
    const before = await sample(m, cp, "orders", owner);
    advance(m, 6 * 60);
    const during = await sample(m, cp, "orders", owner);
    for (const l of during) {
      sane(l);
      expect(l.topKeys[0]!.key).toBe("customer:3");
      expect(share(l, "customer:3")).toBeGreaterThan(0.5);
    }
    // Before, it is one of the Zipf head's busier keys, not the shard's load.
    expect(mean(before.map((l) => share(l, "customer:3")))).toBeLessThan(0.25);
    expect(mean(during.map((l) => share(l, "customer:3")))).toBeGreaterThan(3 * mean(before.map((l) => share(l, "customer:3"))));
    // 1 part of the key's usual traffic at the cluster's 70% reads, 39 parts of the event's at 10%.
    const key = during.map((l) => l.topKeys[0]!);
    const readShare = mean(key.map((k) => k.readQps / (k.readQps + k.writeQps)));
    expect(readShare).toBeCloseTo((0.7 + 39 * 0.1) / 40, 1);
    expect(Math.abs(readShare - 0.115)).toBeLessThan(0.02);
    // The shard's own mix moves the same way: its added load is the event's, 10% reads.
    const added = (f: (l: TShardLoad) => number) => mean(during.map(f)) - mean(before.map(f));
    const addedReads = added((l) => l.readQps + l.replicaReadQps);
    expect(addedReads / (addedReads + added((l) => l.writeQps))).toBeGreaterThan(0.05);
    expect(addedReads / (addedReads + added((l) => l.writeQps))).toBeLessThan(0.16);
  });

  it.each([
    ["hot-range", "s-12", 0],
    ["read-heavy-shard", "s-09", 1],
  ])("a %s event raises %s without any dominant key, and adds load at its readFraction", async (name, shard, readFraction) => {
    const { m, cp } = scenario(name);
    advance(m, 4 * 60);
    const before = await sample(m, cp, "orders", shard);
    advance(m, 6 * 60);
    const during = await sample(m, cp, "orders", shard);
    expect(mean(during.map(total))).toBeGreaterThan(mean(before.map(total)) + 3000);
    for (const l of during) {
      sane(l);
      expect(l.topKeys.length).toBeGreaterThan(0);
      for (const k of l.topKeys) expect((k.readQps + k.writeQps) / total(l)).toBeLessThan(0.05);
    }
    const added = (f: (l: TShardLoad) => number) => mean(during.map(f)) - mean(before.map(f));
    const addedReads = added((l) => l.readQps + l.replicaReadQps);
    expect(addedReads / (addedReads + added((l) => l.writeQps))).toBeCloseTo(readFraction, 1);
  });

  it("after salting, the key shows as key#b buckets on several shards and its old shard cools", async () => {
    const { m, cp } = scenario("celebrity-key-writes");
    const owner = ownerOf(m, "orders", "customer:3");
    advance(m, 10 * 60);
    const hot = mean((await sample(m, cp, "orders", owner, 6)).map(total));
    const op = await cp.enableKeySalting("orders", "customer:3", 8);
    await until(m, cp, op.id);
    m.step(m.simMs + STEP);
    const topology = await cp.describeTopology("orders");
    const loads = await Promise.all(topology.shards.map((s) => cp.inspectShard("orders", s.id)));
    const buckets = loads.flatMap((l) => l.topKeys.filter((k) => k.key.startsWith("customer:3#")).map((k) => ({ ...k, shard: l.shard })));
    expect(buckets.map((b) => b.key).sort()).toEqual(Array.from({ length: 8 }, (_, b) => `customer:3#${b}`));
    expect(loads.some((l) => l.topKeys.some((k) => k.key === "customer:3"))).toBe(false);
    const shards = new Set(buckets.map((b) => b.shard));
    expect(shards.size).toBeGreaterThanOrEqual(4);
    for (const l of loads) expect(l.salted).toEqual(shards.has(l.shard) ? ["customer:3"] : []);
    // Each bucket carries an eighth of the key.
    const perBucket = buckets.map((b) => b.readQps + b.writeQps);
    expect(Math.max(...perBucket) / Math.min(...perBucket)).toBeLessThan(1.2);
    const after = mean((await sample(m, cp, "orders", owner, 6)).map(total));
    expect(after).toBeLessThan(hot * 0.5);
  });

  it("after routing 80% of reads to replicas, the primary keeps a fifth of them", async () => {
    const { m, cp } = scenario("read-heavy-shard");
    advance(m, 10 * 60);
    const before = await sample(m, cp, "orders", "s-09", 6);
    expect(before.every((l) => l.readsToReplicas === 0 && l.replicaReadQps === 0)).toBe(true);
    const op = await cp.routeReadsToReplicas("orders", "s-09", 0.8);
    await until(m, cp, op.id);
    const after = await sample(m, cp, "orders", "s-09", 6);
    for (const l of after) {
      sane(l);
      expect(l.readsToReplicas).toBe(0.8);
      expect(l.replicaReadQps).toBeGreaterThan(0);
      expect(l.replicaReadQps / (l.readQps + l.replicaReadQps)).toBeCloseTo(0.8, 5);
    }
    expect(mean(after.map((l) => l.readQps))).toBeLessThan(mean(before.map((l) => l.readQps)) * 0.3);
    // Reads moved, they did not vanish.
    expect(mean(after.map(total)) / mean(before.map(total))).toBeGreaterThan(0.9);
  });

  it("after a cache overlay, the key is listed as overlaid and its db reads fall", async () => {
    const { m, cp } = scenario("celebrity-key-reads");
    const owner = ownerOf(m, "catalog", "product:2");
    advance(m, 10 * 60);
    const before = await sample(m, cp, "catalog", owner, 6);
    expect(before.every((l) => l.topKeys[0]?.key === "product:2" && l.overlaid.length === 0)).toBe(true);
    const readsBefore = mean(before.map((l) => l.topKeys[0]!.readQps));
    const op = await cp.enableCacheOverlay("catalog", ["product:2", "product:999999"], 30);
    await until(m, cp, op.id);
    const after = await sample(m, cp, "catalog", owner, 6);
    for (const l of after) {
      sane(l);
      expect(l.overlaid).toContain("product:2");
      const k = l.topKeys.find((x) => x.key === "product:2");
      expect(k?.readQps ?? 0).toBeLessThan(readsBefore * 0.05);
    }
    expect(mean(after.map(total))).toBeLessThan(mean(before.map(total)) * 0.6);
    // The other overlaid key is listed only where it lands.
    const other = await cp.inspectShard("catalog", ownerOf(m, "catalog", "product:999999"));
    expect(other.overlaid).toContain("product:999999");
  });

  it("counts a shard throttle: keys scale with what the shard still serves", async () => {
    const { m, cp } = scenario("celebrity-key-writes");
    const owner = ownerOf(m, "orders", "customer:3");
    advance(m, 10 * 60);
    const before = (await sample(m, cp, "orders", owner, 4)).at(-1)!;
    const op = await cp.throttle("orders", owner, 2000);
    await until(m, cp, op.id);
    const [l] = await sample(m, cp, "orders", owner, 1);
    sane(l!);
    expect(total(l!)).toBeCloseTo(2000, 0);
    expect(l!.throttledQps).toBeGreaterThan(total(before) - 2000 - 1000);
    expect(share(l!, "customer:3")).toBeCloseTo(share(before, "customer:3"), 1);
  });

  it("answers before the first step, reports copyMBps, and refuses unknown clusters and shards", async () => {
    const m = model({ clusters: [orders({ copyMBps: 250 })] });
    const cp = new SimControlPlane(() => m);
    expect(await cp.inspectShard("orders", "s-03")).toMatchObject({ readQps: 0, writeQps: 0, topKeys: [], sizeGb: 40 });
    expect((await cp.describeTopology("orders")).copyMBps).toBe(250);
    m.step(T0);
    expect((await cp.inspectShard("orders", "s-03")).readQps).toBeGreaterThan(0);
    await expect(cp.inspectShard("nope", "s-03")).rejects.toBeInstanceOf(NotFoundError);
    await expect(cp.inspectShard("orders", "s-99")).rejects.toThrow(new NotFoundError('Cluster orders has no shard "s-99"'));
  });
});
