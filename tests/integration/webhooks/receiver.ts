import http from "node:http";
import type { AddressInfo } from "node:net";

// A loopback webhook receiver for tests and the bench: answers `failFirst` attempts of each webhook-id
// with 500 (or `respond`'s answer), then 200; counts requests per id and acknowledgements.
export type TReceived = { id: string; at: number; body: string; headers: http.IncomingHttpHeaders; status: number };
export type TReceiverOptions = { failFirst?: number; respond?: (id: string, n: number) => { status: number; headers?: Record<string, string> } | null; delayMs?: number };

export async function startReceiver(opts: TReceiverOptions = {}) {
  const seen = new Map<string, number>();
  const acked = new Map<string, number>();
  const log: TReceived[] = [];
  let inFlight = 0;
  let maxPerId = 0;
  const active = new Map<string, number>();
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const id = String(req.headers["webhook-id"] ?? "");
      const n = (seen.get(id) ?? 0) + 1;
      seen.set(id, n);
      inFlight++;
      active.set(id, (active.get(id) ?? 0) + 1);
      maxPerId = Math.max(maxPerId, active.get(id)!);
      const answer = opts.respond?.(id, n) ?? { status: n <= (opts.failFirst ?? 0) ? 500 : 200 };
      const finish = () => {
        inFlight--;
        active.set(id, active.get(id)! - 1);
        const at = Date.now();
        log.push({ id, at, body: Buffer.concat(chunks).toString("utf8"), headers: req.headers, status: answer.status });
        if (answer.status >= 200 && answer.status < 300 && !acked.has(id)) acked.set(id, at);
        res.writeHead(answer.status, { "content-type": "text/plain", ...answer.headers });
        res.end(answer.status < 300 ? "ok" : `failing attempt ${n}`);
      };
      if (opts.delayMs) setTimeout(finish, opts.delayMs);
      else finish();
    });
  });
  let connections = 0;
  server.on("connection", () => connections++);
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    seen,
    acked,
    log,
    get inFlight() {
      return inFlight;
    },
    /** TCP connections accepted so far. */
    get connections() {
      return connections;
    },
    /** The most requests for one webhook-id that were open at the same time. */
    get maxConcurrentPerId() {
      return maxPerId;
    },
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

export async function waitFor(check: () => boolean | Promise<boolean>, timeoutMs = 20_000, what = "condition"): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
