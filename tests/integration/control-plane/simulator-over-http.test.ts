import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHttpControlPlane } from "@/lib/control-plane/http-adapter";
import { createControlPlaneHandler } from "@/lib/control-plane/http-server";
import { ConflictError, NotFoundError } from "@/lib/errors";
import { SimControlPlane } from "@/lib/sim/control-plane";
import { SimModel } from "@/lib/sim/model";
import { loadScenarios } from "@/lib/sim/scenarios";

// The generic HTTP adapter acting on the simulator's real control plane, served over loopback: what
// `npm run sim -- --control-plane-port` offers another Shardwatch.

const T0 = Date.UTC(2026, 10, 23, 12);
const model = new SimModel(
  loadScenarios().find((s) => s.name === "hot-range")!,
  { startMs: T0 },
);
let server: Server;
let base: string;

beforeAll(async () => {
  model.step(T0);
  server = createServer(createControlPlaneHandler(new SimControlPlane(() => model), { token: "sim-cp-token-0123456789" }));
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/clusters/{cluster}`;
});
afterAll(() => new Promise<void>((done) => server.close(() => done())));

const connect = () => createHttpControlPlane({ baseUrl: base, token: "sim-cp-token-0123456789", policy: { allowPrivate: true, allowLoopback: true } });

describe("the simulator's control plane over HTTP", () => {
  it("inspects the hot-range shard: the shard's load arrives validated, with no dominant key; unknown shards are 404", async () => {
    const cp = connect();
    const topology = await cp.describeTopology("orders");
    expect(topology.copyMBps).toBe(400);
    const quiet = await cp.inspectShard("orders", "s-12");
    // The event starts at 5 min and ramps for 5 min; the model stays on the test's clock afterwards.
    for (let t = 5000; t <= 12 * 60_000; t += 5000) model.step(T0 + t);
    const hot = await cp.inspectShard("orders", "s-12");
    expect(hot).toMatchObject({ cluster: "orders", shard: "s-12", at: T0 + 12 * 60_000, replicaReadQps: 0, readsToReplicas: 0, salted: [], overlaid: [] });
    expect(hot.node).toBe(topology.shards.find((s) => s.id === "s-12")!.node);
    expect(hot.writeQps - quiet.writeQps).toBeGreaterThan(3000); // the event's 4,000 writes/s
    expect(hot.topKeys.length).toBeGreaterThan(0);
    expect(Math.max(...hot.topKeys.map((k) => (k.readQps + k.writeQps) / (hot.readQps + hot.writeQps)))).toBeLessThan(0.05);
    await expect(cp.inspectShard("orders", "s-404")).rejects.toThrow(new NotFoundError('Cluster orders has no shard "s-404"'));
    await expect(cp.inspectShard("nowhere", "s-12")).rejects.toBeInstanceOf(NotFoundError);
  });

  it("splits a shard end to end: phases advance with simulated time and the topology changes at cutover", async () => {
    const cp = connect();
    const before = await cp.describeTopology("orders");
    expect(before.shards).toHaveLength(32);
    const op = await cp.splitShard("orders", "s-12", { bufferWrites: true });
    expect(op).toMatchObject({ kind: "split", target: "s-12", phase: "planned" });
    await expect(cp.splitShard("orders", "s-12")).rejects.toBeInstanceOf(ConflictError);
    const phases = new Set<string>();
    const from = model.simMs;
    for (let t = 5000; t <= 180_000; t += 5000) {
      model.step(from + t);
      phases.add((await cp.getOperation(op.id)).phase);
    }
    expect([...phases]).toEqual(expect.arrayContaining(["copying", "catching-up", "done"]));
    const after = await cp.describeTopology("orders");
    expect(after.shards).toHaveLength(33);
    expect(after.routingVersion).toBe(before.routingVersion + 1);
    expect((await cp.listOperations("orders")).map((o) => o.id)).toContain(op.id);
    await expect(cp.moveShard("orders", "s-404", "orders-db-1")).rejects.toBeInstanceOf(NotFoundError);
  });
});
