import { z } from "zod";
import { boolish, ConfigError } from "@/lib/env";
import { processSingleton } from "@/lib/process-singleton";
import { parseCidr } from "@/lib/net/ip";
import type { TUrlPolicy } from "@/lib/net/url-guard";

// Scrape settings from the environment, validated once with a message naming the bad variable.

const cidrList = z
  .string()
  .transform((v) => v.split(",").map((s) => s.trim()).filter(Boolean))
  .superRefine((list, ctx) => {
    for (const entry of list) {
      try {
        parseCidr(entry);
      } catch (err) {
        ctx.addIssue({ code: "custom", message: (err as Error).message });
      }
    }
  });

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
  const cleaned = Object.fromEntries(Object.entries(source).filter(([k, v]) => k.startsWith("SHARDWATCH_SCRAPE_") && v !== undefined && v !== ""));
  const result = ZScrapeEnv.safeParse(cleaned);
  if (!result.success) {
    const parts = result.error.issues.map((i) => `${String(i.path[0] ?? "environment")} ${i.message} (got "${source[String(i.path[0])] ?? ""}")`);
    throw new ConfigError(`Invalid configuration: ${parts.join("; ")}`);
  }
  const env = result.data;
  return {
    policy: { allowPrivate: env.SHARDWATCH_SCRAPE_ALLOW_PRIVATE, allowLoopback: env.SHARDWATCH_SCRAPE_ALLOW_LOOPBACK, allowedCidrs: env.SHARDWATCH_SCRAPE_ALLOWED_CIDRS },
    maxBytes: env.SHARDWATCH_SCRAPE_MAX_BYTES,
  };
}

/** The process's scrape settings (parsed from process.env on first use). */
export function getScrapeConfig(): TScrapeConfig {
  return processSingleton("scrapeConfig", () => parseScrapeEnv(process.env));
}
