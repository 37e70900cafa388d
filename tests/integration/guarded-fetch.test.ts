import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { closePooledAgents } from "@/lib/net/agent-pool";
import { guardedFetchText } from "@/lib/net/guarded-fetch";
import type { TResolve, TUrlPolicy } from "@/lib/net/url-guard";

const LOOPBACK: TUrlPolicy = { allowPrivate: false, allowLoopback: true };
const STRICT: TUrlPolicy = { allowPrivate: false, allowLoopback: false };
const opts = { policy: LOOPBACK, timeoutMs: 2_000, maxBytes: 1_000 };

let server: Server;
let base: string;
const seenHosts: string[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    seenHosts.push(req.headers.host ?? "");
    if (req.url === "/metrics") return res.end("up 1\n");
    if (req.url === "/slow") return void setTimeout(() => res.end("late 1\n"), 3_000);
    if (req.url === "/big") return res.end("x".repeat(5_000));
    if (req.url === "/stream") {
      res.write("y".repeat(800)); // no content-length: the cap must hold while streaming
      return void setTimeout(() => res.end("y".repeat(800)), 50);
    }
    if (req.url === "/echo") {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      return void req.on("end", () => res.end(`${req.method} ${req.headers["content-type"]} ${Buffer.concat(chunks).toString()}`));
    }
    if (req.url === "/redirect") return res.writeHead(302, { location: "http://169.254.169.254/" }).end();
    res.writeHead(503).end("down");
  });
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((done) => server.close(() => done())));

describe("guardedFetchText against a loopback server", () => {
  it("fetches when the policy allows loopback, and refuses it otherwise", async () => {
    const ok = await guardedFetchText(`${base}/metrics`, opts);
    expect(ok).toMatchObject({ status: 200, text: "up 1\n", address: "127.0.0.1" });
    await expect(guardedFetchText(`${base}/metrics`, { ...opts, policy: STRICT })).rejects.toThrow("refused: 127.0.0.1 is a loopback address");
  });

  it("times out with a readable message", async () => {
    const started = Date.now();
    await expect(guardedFetchText(`${base}/slow`, { ...opts, timeoutMs: 300 })).rejects.toThrow("timed out after 0.3 s");
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it("refuses a body over the cap, declared or streamed", async () => {
    await expect(guardedFetchText(`${base}/big`, opts)).rejects.toThrow("response of 4.9 KB is over the 1000 bytes limit");
    await expect(guardedFetchText(`${base}/stream`, opts)).rejects.toThrow("response is over the 1000 bytes limit");
  });

  it("does not follow redirects", async () => {
    await expect(guardedFetchText(`${base}/redirect`, opts)).rejects.toThrow("HTTP 302 Found: redirect to http://169.254.169.254/ not followed");
  });

  it("reports an HTTP error status", async () => {
    await expect(guardedFetchText(`${base}/gone`, opts)).rejects.toThrow("HTTP 503 Service Unavailable");
  });

  it("sends a method and body, and hands back an error status with its body when asked", async () => {
    const headers = { "content-type": "application/json" };
    const posted = await guardedFetchText(`${base}/echo`, { ...opts, method: "POST", body: '{"a":"é"}', headers });
    expect(posted.text).toBe('POST application/json {"a":"é"}');
    const failed = await guardedFetchText(`${base}/gone`, { ...opts, acceptErrorStatus: true });
    expect(failed).toMatchObject({ status: 503, text: "down" });
    await expect(guardedFetchText(`${base}/redirect`, { ...opts, acceptErrorStatus: true })).rejects.toThrow("not followed");
  });

  it("reports a refused connection", async () => {
    const closed = createServer();
    await new Promise<void>((done) => closed.listen(0, "127.0.0.1", done));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((done) => closed.close(() => done()));
    await expect(guardedFetchText(`http://127.0.0.1:${port}/metrics`, opts)).rejects.toThrow(`connection refused by 127.0.0.1:${port}`);
  });

  it("connects to the address the check approved even if DNS answers differently later (rebinding)", async () => {
    const port = (server.address() as AddressInfo).port;
    // First answer is checked and pinned; a second lookup would point at an address where nothing listens.
    const answers = [[{ address: "127.0.0.1", family: 4 as const }], [{ address: "127.0.0.3", family: 4 as const }]];
    const resolve = vi.fn<TResolve>(async () => answers.shift() ?? []);
    const res = await guardedFetchText(`http://exporter.rebind.test:${port}/metrics`, { ...opts, resolve });
    expect(res.text).toBe("up 1\n");
    expect(res.address).toBe("127.0.0.1");
    expect(resolve).toHaveBeenCalledTimes(1);
    expect(seenHosts.at(-1)).toBe(`exporter.rebind.test:${port}`);
  });

  it("with kept-alive connections, a name that moves to another address gets a connection there, not the pooled one", async () => {
    const port = (server.address() as AddressInfo).port;
    const other = createServer((_req, res) => res.end("other 1\n"));
    await new Promise<void>((done) => other.listen(port, "127.0.0.2", done));
    try {
      const answers = [[{ address: "127.0.0.1", family: 4 as const }], [{ address: "127.0.0.1", family: 4 as const }], [{ address: "127.0.0.2", family: 4 as const }]];
      const resolve = vi.fn<TResolve>(async () => answers.shift() ?? []);
      const url = `http://hooks.moving.test:${port}/metrics`;
      const keep = { ...opts, resolve, keepAlive: true };
      expect((await guardedFetchText(url, keep)).text).toBe("up 1\n");
      expect((await guardedFetchText(url, keep)).text).toBe("up 1\n");
      const moved = await guardedFetchText(url, keep);
      expect(moved).toMatchObject({ address: "127.0.0.2", text: "other 1\n" });
    } finally {
      closePooledAgents();
      await new Promise<void>((done) => other.close(() => done()));
    }
  });

  it("stops when the caller cancels", async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    await expect(guardedFetchText(`${base}/slow`, { ...opts, signal: controller.signal })).rejects.toThrow("cancelled before the response arrived");
  });
});
