import { z } from "zod";
import { boolish } from "@/lib/env";
import { cidrList, parsePrefixedEnv } from "@/lib/net/env-settings";
import type { TUrlPolicy } from "@/lib/net/url-guard";
import { processSingleton } from "@/lib/process-singleton";

// Webhook settings from the environment, validated once with a message naming the bad variable.

const int = (min: number, max: number, what: string) =>
  z.coerce.number({ error: `expected ${what}` }).int(`expected whole ${what}`).min(min, `expected at least ${min}`).max(max, `expected at most ${max}`);

export const ZWebhookEnv = z.object({
  SHARDWATCH_WEBHOOK_ALLOW_PRIVATE: boolish.default(false),
  SHARDWATCH_WEBHOOK_ALLOW_LOOPBACK: boolish.default(false),
  SHARDWATCH_WEBHOOK_ALLOWED_CIDRS: cidrList.default([]),
  SHARDWATCH_WEBHOOK_TIMEOUT_SECONDS: int(1, 60, "seconds").default(10),
  SHARDWATCH_WEBHOOK_MAX_RESPONSE_BYTES: int(1024, 10 * 1024 * 1024, "bytes").default(64 * 1024),
  SHARDWATCH_WEBHOOK_RETRY_HOURS: z.coerce.number({ error: "expected hours" }).min(0.01).max(24 * 14).default(24),
  SHARDWATCH_WEBHOOK_DISABLE_AFTER: int(1, 10_000, "deliveries").default(10),
  SHARDWATCH_WEBHOOK_CONCURRENCY: int(1, 256, "requests").default(16),
});

export type TWebhookConfig = {
  policy: TUrlPolicy;
  timeoutMs: number;
  maxBytes: number;
  retryMs: number;
  disableAfter: number;
  concurrency: number;
};

/** Parses the SHARDWATCH_WEBHOOK_* variables; throws a ConfigError naming every bad one. */
export function parseWebhookEnv(source: Record<string, string | undefined>): TWebhookConfig {
  const env = parsePrefixedEnv(ZWebhookEnv, "SHARDWATCH_WEBHOOK_", source);
  return {
    policy: { allowPrivate: env.SHARDWATCH_WEBHOOK_ALLOW_PRIVATE, allowLoopback: env.SHARDWATCH_WEBHOOK_ALLOW_LOOPBACK, allowedCidrs: env.SHARDWATCH_WEBHOOK_ALLOWED_CIDRS },
    timeoutMs: env.SHARDWATCH_WEBHOOK_TIMEOUT_SECONDS * 1000,
    maxBytes: env.SHARDWATCH_WEBHOOK_MAX_RESPONSE_BYTES,
    retryMs: Math.round(env.SHARDWATCH_WEBHOOK_RETRY_HOURS * 3_600_000),
    disableAfter: env.SHARDWATCH_WEBHOOK_DISABLE_AFTER,
    concurrency: env.SHARDWATCH_WEBHOOK_CONCURRENCY,
  };
}

/** The process's webhook settings (parsed from process.env on first use). */
export function getWebhookConfig(): TWebhookConfig {
  return processSingleton("webhookConfig", () => parseWebhookEnv(process.env));
}
