import { createServer, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createHttpControlPlane } from "@/lib/control-plane/http-adapter";
import { UrlRefusedError, type TResolve, type TUrlPolicy } from "@/lib/net/url-guard";

// A control plane that misbehaves: the adapter must fail bounded, with a message naming what was wrong.

const POLICY: TUrlPolicy = { allowPrivate: true, allowLoopback: true };
const VALID_OP = {
  id: "op-1",
  kind: "split",
  cluster: "orders",
  target: "s-01",
  params: {},
  phase: "planned",
  progress: 0,
  startedAt: 1,
  updatedAt: 1,
  etaAt: null,
  failedRequests: 0,
  message: "",
  rollbackOf: null,
};

const VALID_LOAD = {
  ...{ cluster: "orders", shard: "s-01", node: "db-1", at: 1, readQps: 10, writeQps: 5, replicaReadQps: 0, readsToReplicas: 0 },
  ...{ topKeys: [], salted: [], overlaid: [], throttledQps: 0, sizeGb: 1 },
};

let server: Server;
let base: string;
const hanging: ServerResponse[] = [];

function answer(res: ServerResponse, status: number, body: string, type = "application/json") {
  res.writeHead(status, { "content-type": type }).end(body);
}

beforeAll(async () => {
  server = createServer((req, res) => {
    const path = (req.url ?? "").split("?")[0]!.replace(/^\/[a-z-]+/, ""); // drop the scenario prefix
    const scenario = (req.url ?? "").split("/")[1];
    if (scenario === "hang") return void hanging.push(res);
    if (scenario === "big") return answer(res, 200, JSON.stringify({ ...VALID_OP, message: "x".repeat(1_100_000) }));
    if (scenario === "not-json") return answer(res, 200, "<html>proxy error</html>", "text/html");
    if (scenario === "bad-load") return answer(res, 200, JSON.stringify({ ...VALID_LOAD, readsToReplicas: 1.5, topKeys: Array.from({ length: 21 }, (_, i) => ({ key: `k${i}`, readQps: 1, writeQps: 0 })) }));
    if (scenario === "bad-op") return answer(res, 202, JSON.stringify({ ...VALID_OP, phase: "exploding", progress: 3 }));
    if (scenario === "redirect") return res.writeHead(307, { location: "http://169.254.169.254/latest/meta-data/" }).end();
    if (scenario === "busy") return answer(res, 503, JSON.stringify({ error: { code: "unavailable", message: "leader election" } }));
    if (scenario === "html-404") return answer(res, 404, "<h1>Not Found</h1>", "text/html");
    if (scenario === "ok") return answer(res, path.startsWith("/operations/") ? 200 : 202, JSON.stringify(VALID_OP));
    answer(res, 500, "");
  });
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => {
  for (const res of hanging) res.destroy();
  return new Promise<void>((done) => server.close(() => done()));
});

const plane = (scenario: string, extra: { timeoutMs?: number } = {}) => createHttpControlPlane({ baseUrl: `${base}/${scenario}`, policy: POLICY, ...extra });
const failure = (p: Promise<unknown>) => p.then(() => expect.fail("expected a failure"), (e: unknown) => e as Error & { status: number });

describe("HTTP control-plane adapter against a misbehaving control plane", () => {
  it("gives up on a control plane that never answers, within the timeout", async () => {
    const started = Date.now();
    const err = await failure(plane("hang", { timeoutMs: 300 }).getOperation("op-1"));
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(err).toMatchObject({
      status: 503,
      code: "control_plane_unavailable",
      message: `control plane GET ${base}/hang/operations/op-1 failed: timed out after 0.3 s`,
    });
  });

  it("refuses an answer over the 1 MB cap", async () => {
    const err = await failure(plane("big").splitShard("orders", "s-01"));
    expect(err).toMatchObject({ status: 502, code: "control_plane_failed", message: `control plane POST ${base}/big/shards/s-01:split?cluster=orders failed: response is over the 1 MB limit` });
  });

  it("names malformed JSON and schema-invalid answers", async () => {
    const notJson = await failure(plane("not-json").getOperation("op-1"));
    expect(notJson.status).toBe(502);
    expect(notJson.message).toMatch(new RegExp(`^control plane GET ${base}/not-json/operations/op-1 answered with invalid JSON \\(Unexpected token`));
    const badOp = await failure(plane("bad-op").moveShard("orders", "s-01", "db-2"));
    expect(badOp.status).toBe(502);
    expect(badOp.message).toMatch(/answered with an invalid operation \(phase: Invalid option: expected one of .*; progress: Too big: expected number to be <=1\)$/);
  });

  it("names what is wrong with an invalid shard load", async () => {
    const err = await failure(plane("bad-load").inspectShard("orders", "s-01"));
    expect(err).toMatchObject({ status: 502, code: "control_plane_failed" });
    expect(err.message).toMatch(
      new RegExp(`^control plane GET ${base}/bad-load/shards/s-01:load\\?cluster=orders answered with an invalid shard load \\(readsToReplicas: Too big: expected number to be <=1; topKeys: Too big: expected array to have <=20 items\\)$`),
    );
  });

  it("does not follow a redirect", async () => {
    const err = await failure(plane("redirect").describeTopology("orders"));
    expect(err).toMatchObject({ status: 502, message: expect.stringContaining("HTTP 307 Temporary Redirect: redirect to http://169.254.169.254/latest/meta-data/ not followed") as string });
  });

  it("reports an unavailable control plane as 503 and a plain-text 404 as not found", async () => {
    expect(await failure(plane("busy").listOperations())).toMatchObject({ status: 503, message: `control plane GET ${base}/busy/operations failed with HTTP 503: leader election` });
    expect(await failure(plane("html-404").getOperation("x"))).toMatchObject({ status: 404, message: "<h1>Not Found</h1>" });
    expect(await failure(plane("empty-500").getOperation("x"))).toMatchObject({ status: 502, message: `control plane GET ${base}/empty-500/operations/x failed with HTTP 500` });
  });

  it("reports a refused connection as 503", async () => {
    const closed = createServer();
    await new Promise<void>((done) => closed.listen(0, "127.0.0.1", done));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((done) => closed.close(() => done()));
    const cp = createHttpControlPlane({ baseUrl: `http://127.0.0.1:${port}`, policy: POLICY });
    expect(await failure(cp.rollback("op-1"))).toMatchObject({ status: 503, message: expect.stringContaining(`connection refused by 127.0.0.1:${port}`) as string });
  });
});

describe("HTTP control-plane adapter and the URL guard", () => {
  it.each([
    ["http://169.254.169.254/latest", "refused: 169.254.169.254 is a cloud metadata address"],
    ["http://[fe80::1]:8080/cp", "refused: fe80::1 is a link-local address"],
    ["http://metadata.google.internal/cp", "refused: metadata.google.internal is a cloud metadata service"],
    ["ftp://cp.internal/", "refused: only http:// and https:// URLs are allowed (got ftp://)"],
    ["https://user:pw@cp.internal/", "refused: credentials in the URL are not allowed"],
    ["https://{cluster}.cp.internal/", "refused: {cluster} may only appear in the path of the control plane URL"],
    ["https://cp.internal/v1?region=eu", "refused: the control plane URL may not have a query or fragment"],
  ])("refuses %s as soon as the adapter is made", (baseUrl, message) => {
    expect(() => createHttpControlPlane({ baseUrl, policy: POLICY })).toThrow(new UrlRefusedError(message.replace(/^refused: /, "")));
  });

  it("refuses loopback and private addresses unless the policy allows them", () => {
    const strict: TUrlPolicy = { allowPrivate: false, allowLoopback: false };
    expect(() => createHttpControlPlane({ baseUrl: base, policy: strict })).toThrow("refused: 127.0.0.1 is a loopback address");
    expect(() => createHttpControlPlane({ baseUrl: "http://10.1.2.3/cp", policy: strict })).toThrow("refused: 10.1.2.3 is a private address");
  });

  it("checks the addresses a host name resolves to on every request (metadata refused, then a later allowed answer used)", async () => {
    const port = new URL(base).port;
    const answers = [[{ address: "169.254.169.254", family: 4 as const }], [{ address: "127.0.0.1", family: 4 as const }]];
    const resolve = vi.fn<TResolve>(async () => answers.shift() ?? [{ address: "127.0.0.9", family: 4 }]);
    const cp = createHttpControlPlane({ baseUrl: `http://cp.rebind.test:${port}/ok`, policy: POLICY, resolve });
    expect(await failure(cp.getOperation("op-1"))).toMatchObject({
      status: 502,
      message: `control plane GET http://cp.rebind.test:${port}/ok/operations/op-1 was refused: cp.rebind.test resolves to 169.254.169.254, a cloud metadata address`,
    });
    await expect(cp.getOperation("op-1")).resolves.toMatchObject({ id: "op-1" });
    expect(resolve).toHaveBeenCalledTimes(2);
  });
});
