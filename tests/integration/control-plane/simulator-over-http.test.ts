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

describe("the simulator's control plane over HTTP", () => {
  it("splits a shard end to end: phases advance with simulated time and the topology changes at cutover", async () => {
    const cp = createHttpControlPlane({ baseUrl: base, token: "sim-cp-token-0123456789", policy: { allowPrivate: true, allowLoopback: true } });
    const before = await cp.describeTopology("orders");
    expect(before.shards).toHaveLength(32);
    const op = await cp.splitShard("orders", "s-12", { bufferWrites: true });
    expect(op).toMatchObject({ kind: "split", target: "s-12", phase: "planned" });
    await expect(cp.splitShard("orders", "s-12")).rejects.toBeInstanceOf(ConflictError);
    const phases = new Set<string>();
    for (let t = 5000; t <= 180_000; t += 5000) {
      model.step(T0 + t);
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
