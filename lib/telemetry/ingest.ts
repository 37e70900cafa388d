import { getRuntime } from "@/lib/runtime";
import type { TSample } from "./sample";

export type TIngestSource = "push" | "remote_write" | "scrape" | "simulator";

/**
 * The one way samples enter Shardwatch: resolves once they are durable (write-ahead log), then
 * visible in the window store. Throws RateLimitedError when the ingest queue is full.
 */
export async function ingestSamples(samples: TSample[], source: TIngestSource): Promise<{ accepted: number }> {
  const rt = await getRuntime();
  return rt.telemetry.ingest(samples, source);
}
