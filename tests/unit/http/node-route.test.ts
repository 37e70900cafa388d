import { Agent, createServer, request as httpRequest, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { PayloadTooLargeError, toErrorResponse } from "@/lib/errors";
import { toNodeHandler } from "@/lib/http/node-route";
import { readRawBody } from "@/lib/http/read-body";

// toNodeHandler serves an App Router route handler from node:http (the ingest routes, scripts/serve.mjs).
// Tested over real sockets: what matters is what a client sees, and what the handler sees of the body.

type THandler = (req: Request) => Promise<Response>;
const servers: Server[] = [];

async function serve(handler: THandler): Promise<string> {
  const server = createServer(toNodeHandler(handler, "http://shardwatch.test"));
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

afterEach(async () => {
  for (const s of servers.splice(0)) {
    s.closeAllConnections();
    await new Promise((r) => s.close(r));
  }
});

/** Like a route wrapped by withRoute: errors become the error model's answers. */
const answering =
  (inner: THandler): THandler =>
  async (req) => {
    try {
      return await inner(req);
    } catch (err) {
      const { status, body } = toErrorResponse(err);
      return Response.json(body, { status });
    }
  };

describe("toNodeHandler", () => {
  it("gives the handler the method, URL, headers and streamed body, and sends its answer", async () => {
    const url = await serve(async (req) => {
      const body = await readRawBody(req, 10_000_000);
      const headers = new Headers({ "x-request-id": "r-1" });
      headers.append("set-cookie", "a=1");
      headers.append("set-cookie", "b=2");
      return Response.json({ method: req.method, url: req.url, auth: req.headers.get("authorization"), bytes: body.length }, { status: 202, headers });
    });
    const body = "x".repeat(3_000_000);
    const res = await fetch(`${url}/api/v1/telemetry?x=1`, { method: "POST", body, headers: { authorization: "Bearer t" } });
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({ method: "POST", url: "http://shardwatch.test/api/v1/telemetry?x=1", auth: "Bearer t", bytes: 3_000_000 });
    expect(res.headers.get("x-request-id")).toBe("r-1");
    expect(res.headers.getSetCookie()).toEqual(["a=1", "b=2"]);
  });

  it("answers a handler that refuses without reading the body before the body has been sent", async () => {
    const url = await serve(async () => {
      // Like the ingest admission: the answer is decided from the headers alone.
      return Response.json({ error: { code: "rate_limited", message: "busy" } }, { status: 429, headers: { "retry-after": "1" } });
    });
    const { port } = new URL(url);
    // Headers and the first 100 bytes of a declared 5 MB body, then nothing: the answer must not wait.
    const answer = await new Promise<{ status: number; retryAfter: string | undefined }>((resolve, reject) => {
      const req = httpRequest({ host: "127.0.0.1", port, method: "POST", path: "/", headers: { "content-length": "5000000" } }, (res) => {
        resolve({ status: res.statusCode!, retryAfter: res.headers["retry-after"] });
        res.resume();
        req.destroy();
      });
      req.on("error", reject);
      req.write("x".repeat(100));
    });
    expect(answer).toEqual({ status: 429, retryAfter: "1" }); // with 4,999,900 bytes still unsent
  });

  it("discards a body the handler left unread (wholly or in part), so the kept-alive connection serves the next request", async () => {
    const url = await serve(async (req) => {
      if (req.headers.get("x-read") === "part") await req.body!.getReader().read(); // one chunk, then no more
      return Response.json({ error: { code: "rate_limited", message: "busy" } }, { status: 429 });
    });
    const { port } = new URL(url);
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const post = (headers: Record<string, string>) =>
      new Promise<number>((resolve, reject) => {
        const req = httpRequest({ agent, host: "127.0.0.1", port, method: "POST", path: "/", headers }, (res) => {
          res.resume();
          res.on("end", () => resolve(res.statusCode!));
        });
        req.setTimeout(5_000, () => req.destroy(new Error("no answer in 5 s")));
        req.on("error", reject);
        req.end("w".repeat(1_000_000));
      });
    try {
      for (const read of ["none", "part", "none", "part"]) expect(await post({ "x-read": read })).toBe(429);
    } finally {
      agent.destroy();
    }
  });

  it("reads nothing from the socket beyond what the handler pulls", async () => {
    let socketBytes = Infinity;
    let captured: IncomingMessage | null = null;
    const node = toNodeHandler(async (req) => {
      const reader = req.body!.getReader();
      await reader.read();
      await new Promise((r) => setTimeout(r, 100)); // time for an eager reader to take it all
      socketBytes = captured!.socket.bytesRead;
      await reader.cancel();
      return new Response(null, { status: 204 });
    }, "http://shardwatch.test");
    const server = createServer((req, res) => ((captured = req), node(req, res)));
    servers.push(server);
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const res = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}`, { method: "POST", body: "y".repeat(8_000_000) });
    expect(res.status).toBe(204);
    expect(socketBytes).toBeLessThan(2_000_000); // of 8 MB sent: the socket was paused, not drained into memory
  });

  it("answers 413 for a body over the limit and keeps the connection usable", async () => {
    const url = await serve(answering(async (req) => Response.json({ bytes: (await readRawBody(req, 1_000)).length })));
    const over = await fetch(url, { method: "POST", body: "z".repeat(200_000) });
    expect(over.status).toBe(413);
    expect((await over.json()) as unknown).toMatchObject({ error: { code: "payload_too_large" } });
    const fine = await fetch(url, { method: "POST", body: "ok" });
    expect(await fine.json()).toEqual({ bytes: 2 });
  });

  it("gives the handler a body error (400), not a hang, when the client goes away mid-body", async () => {
    let seen: unknown = null;
    let done!: () => void;
    const finished = new Promise<void>((r) => (done = r));
    const url = await serve(async (req) => {
      try {
        await readRawBody(req, 10_000_000);
      } catch (err) {
        seen = err;
      }
      done();
      return new Response(null, { status: 204 });
    });
    const { port } = new URL(url);
    const req = httpRequest({ host: "127.0.0.1", port, method: "POST", path: "/", headers: { "content-length": "1000" } });
    req.on("error", () => undefined);
    req.write("x".repeat(10));
    setTimeout(() => req.destroy(), 50);
    await finished;
    expect(toErrorResponse(seen).status).toBe(400);
    expect((seen as Error).message).toMatch(/could not be read/);
  });

  it("answers an error the handler lets through in the error model (500 for a bug)", async () => {
    const url = await serve(async () => {
      throw new PayloadTooLargeError("thrown past the route's own error handling");
    });
    const res = await fetch(url, { method: "POST", body: "{}" });
    expect(res.status).toBe(413);
    expect(await res.json()).toMatchObject({ error: { code: "payload_too_large" } });
    const broken = await serve(async () => {
      throw new Error("a bug");
    });
    const res2 = await fetch(broken, { method: "POST", body: "{}" });
    expect(res2.status).toBe(500);
    expect(await res2.json()).toMatchObject({ error: { code: "internal" } });
  });
});
