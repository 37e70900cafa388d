import { processSingleton } from "@/lib/process-singleton";
import { toNodeHandler, type TNodeHandler } from "@/lib/http/node-route";
import { GET as queryRange } from "./query/route";
import { POST as pushTelemetry } from "./telemetry/route";
import { POST as remoteWrite } from "./write/route";

// The routes served by the Shardwatch server (scripts/serve.mjs) straight from node:http. At 250
// batches a second, Next's per-request work was about a quarter of the server's main thread
// (bench:ingest); the two ingest routes carry nearly all of the requests. GET /api/v1/query is here for
// its answer's size: Next forbids a route's own Content-Encoding and gzips a 1,000-shard answer at
// level 6 (lib/http/json-response.ts). Every other route goes to Next.

/** Handlers by "METHOD path", looked up by the server for each request; empty until the runtime is up. */
export const fastRoutes = processSingleton("fastRoutes", () => new Map<string, TNodeHandler>());

/** Fills the table: called once the runtime has booted (instrumentation.ts). */
export function installFastRoutes(origin: string): void {
  fastRoutes.set("POST /api/v1/telemetry", toNodeHandler(pushTelemetry, origin));
  fastRoutes.set("POST /api/v1/write", toNodeHandler(remoteWrite, origin));
  fastRoutes.set("GET /api/v1/query", toNodeHandler(queryRange, origin));
}
