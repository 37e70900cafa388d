import { z } from "zod";
import { boolish } from "@/lib/env";
import { cidrList, parsePrefixedEnv } from "@/lib/net/env-settings";
import { processSingleton } from "@/lib/process-singleton";
import type { TUrlPolicy } from "@/lib/net/url-guard";

// Scrape settings from the environment, validated once with a message naming the bad variable.

export const ZScrapeEnv = z.object({
  SHARDWATCH_SCRAPE_ALLOW_PRIVATE: boolish.default(false),
  SHARDWATCH_SCRAPE_ALLOW_LOOPBACK: boolish.default(false),
  SHARDWATCH_SCRAPE_ALLOWED_CIDRS: cidrList.default([]),
  SHARDWATCH_SCRAPE_MAX_BYTES: z.coerce
    .number({ error: "expected a number of bytes" })
    .int("expected whole bytes")
    .min(1024, "expected at least 1024")
    .max(256 * 1024 * 1024, "expected at most 268435456 (256 MB)")
    .default(10 * 1024 * 1024),
});

export type TScrapeConfig = { policy: TUrlPolicy; maxBytes: number };

/** Parses the SHARDWATCH_SCRAPE_* variables; throws a ConfigError naming every bad one. */
export function parseScrapeEnv(source: Record<string, string | undefined>): TScrapeConfig {
  const env = parsePrefixedEnv(ZScrapeEnv, "SHARDWATCH_SCRAPE_", source);
  return {
    policy: { allowPrivate: env.SHARDWATCH_SCRAPE_ALLOW_PRIVATE, allowLoopback: env.SHARDWATCH_SCRAPE_ALLOW_LOOPBACK, allowedCidrs: env.SHARDWATCH_SCRAPE_ALLOWED_CIDRS },
    maxBytes: env.SHARDWATCH_SCRAPE_MAX_BYTES,
  };
}

/** The process's scrape settings (parsed from process.env on first use). */
export function getScrapeConfig(): TScrapeConfig {
  return processSingleton("scrapeConfig", () => parseScrapeEnv(process.env));
}
