// The Shardwatch server process: one node:http server in front of Next.js. It answers the ingest
// routes and the range query itself (app/api/v1/fast-routes.ts: the same route handlers, without
// Next's per-request work, which was about a quarter of the main thread at 250 batches a second) and
// hands every other request to Next. Run by `npm start` and `npm run serve`, and by the benches and
// end-to-end tests; needs a build (`npm run build`). Listens on HOST:PORT (default 127.0.0.1:3000).
import http from "node:http";
import path from "node:path";
import next from "next";

const ROOT = path.resolve(import.meta.dirname, "..");
const host = process.env.HOST || "127.0.0.1";
const port = Number(process.env.PORT || 3000);
process.env.NODE_ENV = "production";
process.env.NEXT_TELEMETRY_DISABLED = "1";

const app = next({ dev: false, dir: ROOT, hostname: host, port });
const nextHandler = app.getRequestHandler();
await app.prepare();
// instrumentation.ts boots the runtime (or exits with one line naming the problem) and then fills this
// table; until it has, Next answers every request (its routes wait for the runtime themselves).
const FAST_ROUTES = Symbol.for("shardwatch.fastRoutes");

const server = http.createServer((req, res) => {
  const fastRoutes = globalThis[FAST_ROUTES];
  if (fastRoutes) {
    const url = req.url ?? "/";
    const q = url.indexOf("?");
    const route = fastRoutes.get(`${req.method} ${q < 0 ? url : url.slice(0, q)}`);
    if (route) return route(req, res);
  }
  void nextHandler(req, res);
});
// Idle kept-alive connections stay open for 65 s, not Node's 5 s. A client (Node's agent, Prometheus)
// reuses an idle connection whenever it likes; one the server closes as a request goes out on it
// fails with ECONNRESET. Under load that race was common: a timer due during a long task fires at its
// end, just as the requests sent meanwhile are read (bench:ingest's open loop: 10-16 resets a run).
// The usual advice behind load balancers is the same: keep the server's idle timeout the longer one.
server.keepAliveTimeout = 65_000;
server.headersTimeout = 66_000;
// One line naming the problem, as for any other start-up failure (lib/startup.ts), not a stack trace.
server.on("error", (err) => {
  process.stderr.write(`shardwatch: cannot listen on ${host}:${port}: ${err.code === "EADDRINUSE" ? "the port is in use (set PORT)" : err.message}\n`);
  process.exit(1);
});
server.listen(port, host, () => process.stdout.write(`Listening on http://${host}:${port}\n`));
