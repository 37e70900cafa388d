import { processSingleton } from "@/lib/process-singleton";
import { toNodeHandler, type TNodeHandler } from "@/lib/http/node-route";
import { POST as pushTelemetry } from "./telemetry/route";
import { POST as remoteWrite } from "./write/route";

// The ingest routes, served by the Shardwatch server (scripts/serve.mjs) straight from node:http. At
// 250 batches a second, Next's per-request work was about a quarter of the server's main thread
// (bench:ingest); these two routes carry nearly all of the requests. Every other route goes to Next.

/** POST handlers by path, looked up by the server for each request; empty until the runtime is up. */
export const fastRoutes = processSingleton("fastRoutes", () => new Map<string, TNodeHandler>());

/** Fills the table: called once the runtime has booted (instrumentation.ts). */
export function installFastRoutes(origin: string): void {
  fastRoutes.set("/api/v1/telemetry", toNodeHandler(pushTelemetry, origin));
  fastRoutes.set("/api/v1/write", toNodeHandler(remoteWrite, origin));
}
