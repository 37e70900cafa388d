import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createHttpControlPlane } from "@/lib/control-plane/http-adapter";
import { createControlPlaneHandler } from "@/lib/control-plane/http-server";
import type { TShardLoad } from "@/lib/control-plane/types";
import { ConflictError, NotFoundError, ValidationError } from "@/lib/errors";
import type { TUrlPolicy } from "@/lib/net/url-guard";
import { FakeControlPlane } from "./fake-plane";

// The HTTP adapter driven end to end through the protocol handler serving an in-test control plane.

const POLICY: TUrlPolicy = { allowPrivate: true, allowLoopback: true };
const TOKEN = "cp-secret-token-0123456789";
const CLUSTER = "orders eu/1"; // a space and a slash: must survive URL encoding both ways

let fake: FakeControlPlane;
let server: Server;
let origin: string;
const seen: { method: string; url: string; headers: IncomingHttpHeaders }[] = [];

beforeAll(async () => {
  // A handler per request, so each test's fresh fake plane is the one served.
  server = createServer((req, res) => {
    seen.push({ method: req.method ?? "", url: req.url ?? "", headers: req.headers });
    createControlPlaneHandler(fake, { token: TOKEN })(req, res);
  });
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((done) => server.close(() => done())));
beforeEach(() => {
  fake = new FakeControlPlane([CLUSTER, "sessions"]);
  seen.length = 0;
});

const templated = () => createHttpControlPlane({ baseUrl: `${origin}/clusters/{cluster}/`, token: TOKEN, policy: POLICY });
const queried = () => createHttpControlPlane({ baseUrl: origin, token: TOKEN, policy: POLICY });

describe("HTTP control-plane adapter, happy paths", () => {
  it.each([
    ["a {cluster} template", templated, "/clusters/orders%20eu%2F1/topology"],
    ["a cluster query parameter", queried, "/topology?cluster=orders%20eu%2F1"],
  ])("describes the topology with %s", async (_label, make, path) => {
    const topology = await make().describeTopology(CLUSTER);
    expect(topology).toMatchObject({ cluster: CLUSTER, routingVersion: 7, shards: [{ id: "s-01" }, { id: "s-02" }] });
    expect(seen.at(-1)).toMatchObject({ method: "GET", url: path });
    expect(fake.calls).toEqual([{ method: "describeTopology", args: [CLUSTER] }]);
  });

  it.each([
    ["a {cluster} template", templated, "/clusters/orders%20eu%2F1/shards/s-01:load"],
    ["a cluster query parameter", queried, "/shards/s-01:load?cluster=orders%20eu%2F1"],
  ])("inspects a shard's load with %s", async (_label, make, path) => {
    const load = await make().inspectShard(CLUSTER, "s-01");
    expect(load).toEqual({
      ...{ cluster: CLUSTER, shard: "s-01", node: "db-1", at: 1_763_812_800_000, readQps: 900, writeQps: 3100, replicaReadQps: 0 },
      ...{ readsToReplicas: 0, salted: [], overlaid: [], throttledQps: 0, sizeGb: 12.5 },
      topKeys: [
        { key: "user:42", readQps: 300, writeQps: 2800 },
        { key: "user:9", readQps: 20, writeQps: 5 },
      ],
    });
    expect(seen.at(-1)).toMatchObject({ method: "GET", url: path });
    expect(seen.at(-1)?.headers["idempotency-key"]).toBeUndefined();
    expect(fake.calls).toEqual([{ method: "inspectShard", args: [CLUSTER, "s-01"] }]);
  });

  it("inspects a shard whose id needs encoding", async () => {
    const odd = "eu:s/02 b";
    fake.inspectShard = async (cluster, shard) => ({ ...(await FakeControlPlane.prototype.inspectShard.call(fake, cluster, "s-02")), shard });
    const load = await templated().inspectShard(CLUSTER, odd);
    expect(load).toMatchObject({ shard: odd, overlaid: ["user:7"], readsToReplicas: 0.2 });
    expect(seen.at(-1)?.url).toBe("/clusters/orders%20eu%2F1/shards/eu%3As%2F02%20b:load");
  });

  it("sends every action with its body and returns the accepted operation", async () => {
    const cp = templated();
    const results = [
      await cp.splitShard(CLUSTER, "s-01", { at: "1073741824", toNode: "db-2", bufferWrites: true }),
      await cp.moveShard(CLUSTER, "s-02", "db-1", { bufferWrites: false }),
      await cp.throttle(CLUSTER, "s-01", 1500),
      await cp.throttle(CLUSTER, "cluster", 40000),
      await cp.enableKeySalting(CLUSTER, "user:42/profile", 8),
      await cp.enableCacheOverlay(CLUSTER, ["user:42", "user:43"], 30),
      await cp.routeReadsToReplicas(CLUSTER, "s-02", 0.5),
    ];
    expect(results.map((op) => [op.kind, op.target, op.phase])).toEqual([
      ["split", "s-01", "planned"],
      ["move", "s-02", "planned"],
      ["throttle", "s-01", "planned"],
      ["throttle", "cluster", "planned"],
      ["key-salting", "user:42/profile", "planned"],
      ["cache-overlay", "user:42,user:43", "planned"],
      ["reads-to-replicas", "s-02", "planned"],
    ]);
    expect(fake.calls.map((c) => [c.method, ...c.args])).toEqual([
      ["splitShard", CLUSTER, "s-01", { at: "1073741824", toNode: "db-2", bufferWrites: true }],
      ["moveShard", CLUSTER, "s-02", "db-1", { bufferWrites: false }],
      ["throttle", CLUSTER, "s-01", 1500],
      ["throttle", CLUSTER, "cluster", 40000],
      ["enableKeySalting", CLUSTER, "user:42/profile", 8],
      ["enableCacheOverlay", CLUSTER, ["user:42", "user:43"], 30],
      ["routeReadsToReplicas", CLUSTER, "s-02", 0.5],
    ]);
    expect(seen.map((s) => `${s.method} ${s.url.replace("/clusters/orders%20eu%2F1", "")}`)).toEqual([
      "POST /shards/s-01:split",
      "POST /shards/s-02:move",
      "POST /shards/s-01:throttle",
      "POST /cluster:throttle",
      "POST /keys/user%3A42%2Fprofile:salt",
      "POST /cache:overlay",
      "POST /shards/s-02:route-reads",
    ]);
  });

  it("polls an operation through its phases to done, lists operations, and rolls one back", async () => {
    const cp = templated();
    const split = await cp.splitShard(CLUSTER, "s-01");
    await cp.throttle("sessions", "cluster", 100);
    const phases: string[] = [];
    for (let op = split; op.phase !== "done"; ) phases.push((op = await cp.getOperation(split.id)).phase);
    expect(phases).toEqual(["copying", "catching-up", "verifying", "cutover", "done"]);
    expect(seen.at(-1)?.url).toBe(`/clusters/-/operations/${split.id}`);

    expect((await cp.listOperations(CLUSTER)).map((o) => o.id)).toEqual([split.id]);
    expect((await cp.listOperations()).map((o) => o.cluster)).toEqual([CLUSTER, "sessions"]);
    const undo = await cp.rollback(split.id);
    expect(undo).toMatchObject({ kind: "split", rollbackOf: split.id, phase: "planned" });
    expect((await cp.getOperation(split.id)).phase).toBe("rolled-back");
  });

  it("looks up operations without a cluster parameter when the base URL has no template", async () => {
    const cp = queried();
    const op = await cp.enableKeySalting("sessions", "k", 4);
    expect((await cp.getOperation(op.id)).phase).toBe("done");
    expect(seen.at(-1)?.url).toBe(`/operations/${op.id}`);
  });
});

describe("HTTP control-plane adapter, headers", () => {
  it("sends the bearer token on every request and a fresh Idempotency-Key on each POST only", async () => {
    const cp = queried();
    await cp.describeTopology("sessions");
    await cp.throttle("sessions", "s-01", 10);
    await cp.throttle("sessions", "s-02", 10);
    expect(seen.every((s) => s.headers.authorization === `Bearer ${TOKEN}`)).toBe(true);
    const keys = seen.map((s) => s.headers["idempotency-key"]);
    expect(keys[0]).toBeUndefined();
    expect(keys[1]).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(keys[2]).not.toBe(keys[1]);
  });

  it.each([
    ["no token", undefined],
    ["a wrong token", "not-the-token"],
  ])("fails with a 502 naming the URL but not the token when sent %s", async (_label, token) => {
    const cp = createHttpControlPlane({ baseUrl: origin, token, policy: POLICY });
    const err = (await cp.describeTopology("sessions").catch((e: unknown) => e)) as Error & { status: number };
    expect(err.status).toBe(502);
    expect(err.message).toBe(`control plane GET ${origin}/topology?cluster=sessions refused Shardwatch's credentials (HTTP 401): ${token ? "The bearer token is not valid" : "A bearer token is required (Authorization: Bearer <token>)"}`);
    expect(err.message).not.toContain(TOKEN);
    expect(fake.calls).toEqual([]);
  });
});

describe("HTTP control-plane adapter, upstream errors", () => {
  it("maps 404 to NotFoundError with the control plane's message", async () => {
    const cp = templated();
    await expect(cp.describeTopology("nope")).rejects.toThrow(new NotFoundError("No cluster named nope"));
    await expect(cp.splitShard(CLUSTER, "s-99")).rejects.toBeInstanceOf(NotFoundError);
    await expect(cp.getOperation("op-404")).rejects.toThrow("No operation op-404");
    await expect(cp.inspectShard(CLUSTER, "s-99")).rejects.toThrow(new NotFoundError(`No shard s-99 in ${CLUSTER}`));
    await expect(queried().inspectShard("nope", "s-01")).rejects.toThrow(new NotFoundError("No cluster named nope"));
  });

  it("refuses a shard load the plane got wrong: the server answers 500, the adapter a 502", async () => {
    const broken = { cluster: CLUSTER, shard: "s-01", readQps: -5, topKeys: [] } as unknown as TShardLoad;
    fake.inspectShard = async () => broken;
    const err = (await templated().inspectShard(CLUSTER, "s-01").catch((e: unknown) => e)) as Error & { status: number };
    expect(err.status).toBe(502);
    expect(err.message).toBe(`control plane GET ${origin}/clusters/orders%20eu%2F1/shards/s-01:load failed with HTTP 500: Internal error; the cause is in the server log.`);
  });

  it("maps 409 to ConflictError", async () => {
    const cp = templated();
    const first = await cp.moveShard(CLUSTER, "s-01", "db-2");
    const err = await cp.splitShard(CLUSTER, "s-01").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConflictError);
    expect((err as Error).message).toBe(`s-01 is busy with operation ${first.id} (move, planned)`);
  });

  it("maps 422 to ValidationError carrying the upstream message and issues", async () => {
    const cp = templated();
    const invalid = (await cp.enableKeySalting(CLUSTER, "k", 1).catch((e: unknown) => e)) as ValidationError;
    expect(invalid).toBeInstanceOf(ValidationError);
    expect(invalid.message).toMatch(/^The body is invalid \(1 problem; first: buckets: /);
    expect(invalid.issues).toEqual([{ path: "buckets", message: expect.stringMatching(/>=2/) as string }]);
    expect(fake.calls).toEqual([]); // refused before reaching the plane
    const rejected = (await cp.moveShard(CLUSTER, "s-01", "db-9").catch((e: unknown) => e)) as ValidationError;
    expect(rejected).toMatchObject({ status: 422, message: "No node db-9", issues: [{ path: "toNode", message: "unknown node" }] });
  });

  it("maps an upstream 500 to a 502 that names the URL and leaks nothing else", async () => {
    fake.failNextWith(new Error("disk on fire at /var/lib/cp"));
    const err = (await templated().getOperation("op-1").catch((e: unknown) => e)) as Error & { status: number };
    expect(err.status).toBe(502);
    expect(err.message).toBe(`control plane GET ${origin}/clusters/-/operations/op-1 failed with HTTP 500: Internal error; the cause is in the server log.`);
  });
});
