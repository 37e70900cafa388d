import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createControlPlaneHandler } from "@/lib/control-plane/http-server";
import { FakeControlPlane } from "./fake-plane";

// The protocol handler seen by a client that is not Shardwatch's adapter: status codes, error bodies, limits.

const TOKEN = "server-token-0123456789abcdef";

/** Answers operation look-ups with something that is not an operation. */
class BrokenLookups extends FakeControlPlane {
  override getOperation = async () => ({ id: "op-x" }) as never;
}
let fake: BrokenLookups;
let server: Server;
let base: string;

beforeAll(async () => {
  fake = new BrokenLookups(["orders"]);
  const handler = createControlPlaneHandler(fake, { token: TOKEN, maxBodyBytes: 2_000 });
  server = createServer(handler);
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((done) => server.close(() => done())));

const auth = { authorization: `Bearer ${TOKEN}` };
const json = { ...auth, "content-type": "application/json" };
async function call(path: string, init: RequestInit = {}) {
  const res = await fetch(`${base}${path}`, { ...init, headers: { ...json, ...(init.headers as Record<string, string>) } });
  return { status: res.status, headers: res.headers, body: (await res.json()) as { error?: { code: string; message: string; issues?: unknown[] } } };
}

describe("control-plane protocol handler", () => {
  it("answers 401 with a Bearer challenge and the error shape when the token is missing or wrong", async () => {
    for (const authorization of ["", "Bearer nope", `Basic ${TOKEN}`]) {
      const res = await call("/clusters/orders/topology", { headers: { authorization } });
      expect(res.status).toBe(401);
      expect(res.headers.get("www-authenticate")).toBe("Bearer");
      expect(res.body.error?.code).toBe("unauthorized");
    }
  });

  it("answers 202 with the operation for an action and 200 for reads", async () => {
    const split = await call("/clusters/orders/shards/s-01:split", { method: "POST", body: JSON.stringify({ at: "100", extra: "ignored" }) });
    expect(split.status).toBe(202);
    expect(split.body).toMatchObject({ kind: "split", target: "s-01", params: { at: "100" } });
    const topology = await call("/topology?cluster=orders");
    expect(topology.status).toBe(200);
    const load = await call("/shards/s-01:load?cluster=orders");
    expect(load).toMatchObject({ status: 200, body: { cluster: "orders", shard: "s-01", topKeys: [{ key: "user:42" }, { key: "user:9" }] } });
  });

  it("replays an action repeated with the same Idempotency-Key instead of starting it twice", async () => {
    const send = (key: string, limitQps: number) =>
      call("/clusters/orders/shards/s-02:throttle", { method: "POST", body: JSON.stringify({ limitQps }), headers: { "idempotency-key": key } });
    const before = fake.calls.length;
    const first = await send("key-1", 100);
    const again = await send("key-1", 100);
    const other = await send("key-2", 100);
    expect(again.body).toEqual(first.body);
    expect(other.body).not.toMatchObject({ id: (first.body as { id: string }).id });
    expect(fake.calls.length - before).toBe(2);
    const reused = await send("key-1", 200);
    expect(reused).toMatchObject({ status: 422, body: { error: { message: "This Idempotency-Key was already used for a different request" } } });
  });

  it.each([
    ["/clusters/orders/nothing-here", "GET", undefined, 404, "not_found", "No control-plane endpoint at /clusters/orders/nothing-here"],
    ["/clusters/orders/topology", "POST", "{}", 405, "method_not_allowed", "/clusters/orders/topology accepts GET only"],
    ["/topology", "GET", undefined, 400, "bad_request", "Name the cluster: /clusters/{cluster}/... or ?cluster="],
    ["/shards/s-01:load", "GET", undefined, 400, "bad_request", "Name the cluster: /clusters/{cluster}/... or ?cluster="],
    ["/clusters/orders/shards/s-01:load", "POST", "{}", 405, "method_not_allowed", "/clusters/orders/shards/s-01:load accepts GET only"],
    ["/clusters/orders/shards/s-77:load", "GET", undefined, 404, "not_found", "No shard s-77 in orders"],
    ["/clusters/orders/cluster:throttle", "POST", "{limitQps:", 400, "bad_request", expect.stringMatching(/^The body is not valid JSON: /) as string],
    ["/clusters/orders/cluster:throttle", "POST", "", 400, "bad_request", "A JSON body is required"],
    ["/clusters/orders/cache:overlay", "POST", JSON.stringify({ keys: ["k".repeat(3_000)], ttlSeconds: 5 }), 413, "payload_too_large", "Body is 3028 bytes; the limit is 2000"],
  ])("%s %s with body %j answers %i %s", async (path, method, body, status, code, message) => {
    const res = await call(path, { method, body });
    expect(res.status).toBe(status);
    expect(res.body).toEqual({ error: { code, message } });
  });

  it("stops reading a streamed body (no content-length) once it passes the limit", async () => {
    const chunk = new TextEncoder().encode(" ".repeat(1_000));
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({ pull: (c) => void (sent++ < 50 ? c.enqueue(chunk) : c.close()) });
    const res = await call("/clusters/orders/cluster:throttle", { method: "POST", body, duplex: "half" } as RequestInit);
    expect(res).toMatchObject({ status: 413, body: { error: { message: "Body exceeds the limit of 2000 bytes" } } });
  });

  it("answers 422 naming every bad field", async () => {
    const res = await call("/clusters/orders/cache:overlay", { method: "POST", body: JSON.stringify({ keys: [], ttlSeconds: -1 }) });
    expect(res.status).toBe(422);
    expect(res.body.error?.issues).toEqual([
      { path: "keys", message: expect.stringMatching(/>=1/) as string },
      { path: "ttlSeconds", message: expect.stringMatching(/>0/) as string },
    ]);
  });

  it("refuses a body that is not declared as JSON", async () => {
    const res = await call("/clusters/orders/cluster:throttle", { method: "POST", body: '{"limitQps":5}', headers: { "content-type": "text/plain" } });
    expect(res.status).toBe(415);
  });

  it("answers 500 without details when the plane returns something that is not an operation", async () => {
    const res = await call("/operations/op-x");
    expect(res).toMatchObject({ status: 500, body: { error: { code: "internal", message: "Internal error; the cause is in the server log." } } });
  });
});
