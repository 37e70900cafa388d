import { z } from "zod";
import { OPERATION_KINDS, type TOperationKind } from "@/lib/control-plane/types";
import { processSingleton } from "./process-singleton";

// Every variable Shardwatch reads, validated once. `.env.example` documents each of them.
export const boolish = z
  .enum(["true", "false", "1", "0", "yes", "no", "on", "off"], {
    error: "expected one of true/false, 1/0, yes/no, on/off",
  })
  .transform((v) => ["true", "1", "yes", "on"].includes(v));

// {cluster} is a placeholder in the path, not part of a valid URL; the full guard runs in controlPlaneFromEnv.
const controlPlaneUrl = z.string().refine((value) => {
  try {
    return /^https?:\/\//i.test(value) && ["http:", "https:"].includes(new URL(value.replaceAll("{cluster}", "c")).protocol);
  } catch {
    return false;
  }
}, "expected an http:// or https:// URL such as https://cp.internal/clusters/{cluster}");

export const ZEnv = z
  .object({
    NODE_ENV: z.enum(["development", "production", "test"]).default("production"),
    HOST: z.string().min(1).default("127.0.0.1"),
    PORT: z.coerce.number({ error: "expected a port number" }).int().min(1).max(65535).default(3000),
    DATABASE_URL: z
      .string()
      .regex(/^postgres(ql)?:\/\/.+/, "expected a postgres:// or postgresql:// URL (leave unset for the embedded database)")
      .optional(),
    DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
    SHARDWATCH_DATA_DIR: z.string().min(1).default("./data"),
    SHARDWATCH_PGLITE_SHARED_BUFFERS: z
      .string()
      .regex(/^[1-9]\d*(kB|MB|GB)$/, "expected a size such as 32MB (a number followed by kB, MB or GB)")
      .refine((v) => Number.parseInt(v, 10) * { kB: 1, MB: 1024, GB: 1024 ** 2 }[v.slice(-2) as "kB"] >= 128, "expected at least 128kB (PostgreSQL's minimum)")
      .optional(),
    SHARDWATCH_BASE_URL: z.url({ error: "expected an absolute URL such as https://shardwatch.example.com" }).optional(),
    SHARDWATCH_AUTH_SECRET: z.string().min(32, "expected at least 32 characters").optional(),
    SHARDWATCH_ADMIN_EMAIL: z.email({ error: "expected an email address" }).optional(),
    SHARDWATCH_ADMIN_PASSWORD: z.string().min(12, "expected at least 12 characters").optional(),
    SHARDWATCH_BOOTSTRAP_TOKEN: z.string().min(24, "expected at least 24 characters").optional(),
    SHARDWATCH_SESSION_DAYS: z.coerce.number().int().min(1).max(90).default(7),
    SHARDWATCH_SIGNIN_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(1000).default(5),
    SHARDWATCH_SIGNIN_WINDOW_SECONDS: z.coerce.number().int().min(1).max(86400).default(60),
    SHARDWATCH_TRUST_PROXY: boolish.default(false),
    SHARDWATCH_LOG_LEVEL: z.enum(["debug", "info", "warn", "error"]).default("info"),
    SHARDWATCH_INSTANCE_ID: z.string().min(1).max(64).optional(),
    SHARDWATCH_INGEST_MAX_BODY_BYTES: z.coerce.number().int().min(1024).max(100_000_000).default(5_000_000),
    SHARDWATCH_INGEST_QUEUE_SAMPLES: z.coerce.number().int().min(1000).max(50_000_000).default(500_000),
    SHARDWATCH_INGEST_MAX_IN_FLIGHT: z.coerce.number().int().min(1).max(10_000).default(64),
    SHARDWATCH_INGEST_MAX_IN_FLIGHT_BYTES: z.coerce
      .number()
      .int()
      .min(1_000_000)
      .max(4_000_000_000)
      .default(64 * 1024 * 1024),
    SHARDWATCH_ROLLUP_BACKLOG_BUCKETS: z.coerce.number().int().min(10_000).max(50_000_000).default(600_000),
    SHARDWATCH_INGEST_MAX_PAST_SECONDS: z.coerce
      .number()
      .int()
      .min(60)
      .max(30 * 86400)
      .default(3600),
    SHARDWATCH_INGEST_MAX_FUTURE_SECONDS: z.coerce.number().int().min(0).max(86400).default(60),
    SHARDWATCH_WAL_FSYNC: boolish.default(true),
    SHARDWATCH_INGEST_DECODE_THREADS: z.coerce.number().int().min(0).max(16).default(1),
    SHARDWATCH_WINDOW_MINUTES: z.coerce.number().int().min(5).max(240).default(30),
    SHARDWATCH_ROLLUP_FLUSH_SECONDS: z.coerce.number().int().min(1).max(300).default(5),
    SHARDWATCH_ROLLUP_FLUSH_SHARE: z.coerce.number().min(0.05).max(1).default(0.3),
    SHARDWATCH_ROLLUP_10S_RETENTION_HOURS: z.coerce
      .number()
      .int()
      .min(1)
      .max(24 * 90)
      .default(48),
    SHARDWATCH_ROLLUP_1M_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(30),
    SHARDWATCH_EVAL_INTERVAL_SECONDS: z.coerce.number().min(0.5).max(5).default(2),
    SHARDWATCH_ALLOWED_LATENESS_SECONDS: z.coerce.number().min(0).max(300).default(1),
    SHARDWATCH_STALE_AFTER_SECONDS: z.coerce.number().min(5).max(600).default(30),
    SHARDWATCH_MITIGATION_TTL_MINUTES: z.coerce.number().min(1).max(1440).default(30),
    SHARDWATCH_MITIGATION_SECOND_APPROVER: z
      .string()
      .default("")
      .transform((v, ctx) => {
        const list = v
          .split(",")
          .map((x) => x.trim())
          .filter(Boolean);
        const bad = list.filter((x) => !(OPERATION_KINDS as readonly string[]).includes(x));
        if (bad.length) ctx.addIssue({ code: "custom", message: `names no action: ${bad.join(", ")} (actions: ${OPERATION_KINDS.join(", ")})` });
        return list as TOperationKind[];
      }),
    SHARDWATCH_MITIGATION_MAX_CONCURRENT: z.coerce.number().int().min(1).max(100).default(1),
    SHARDWATCH_MITIGATION_MAX_SHARDS: z.coerce.number().int().min(1).max(100_000).default(16),
    SHARDWATCH_MITIGATION_BREAKER_FAILURES: z.coerce.number().int().min(1).max(100).default(3),
    SHARDWATCH_MITIGATION_VERIFY_SECONDS: z.coerce.number().min(1).max(3600).default(30),
    SHARDWATCH_NOTICE_DRAFT_AFTER_SECONDS: z.coerce.number({ error: "expected seconds" }).int().min(0).max(86_400).default(120),
    SHARDWATCH_PROM_MAPPING_FILE: z.string().min(1).optional(),
    // Unset: on with the embedded database (the quick start), off with DATABASE_URL.
    SHARDWATCH_SIMULATOR: z.enum(["on", "off"], { error: 'expected "on" or "off"' }).optional(),
    SHARDWATCH_SIM_SCENARIO: z
      .string()
      .regex(/^[a-z0-9][a-z0-9-]{0,62}$/, "expected a scenario name such as demo")
      .default("demo"),
    SHARDWATCH_SIM_SPEED: z.coerce.number({ error: "expected a number" }).min(0.1).max(100).default(1),
    SHARDWATCH_SIM_INTERVAL_SECONDS: z.coerce.number().int().min(1).max(60).default(5),
    SHARDWATCH_SIM_BACKFILL_MINUTES: z.coerce.number().int().min(0).max(55).default(15),
    SHARDWATCH_CONTROL_PLANE_URL: controlPlaneUrl.optional(),
    SHARDWATCH_CONTROL_PLANE_TOKEN: z.string().regex(/^\S+$/, "expected a token without spaces").optional(),
    SHARDWATCH_CONTROL_PLANE_ALLOW_PRIVATE: boolish.default(true),
    SHARDWATCH_STATUS_PAGE_NAME: z.string().trim().min(1).max(120, "expected at most 120 characters").default("Shardwatch status"),
  })
  .superRefine((env, ctx) => {
    if (!!env.SHARDWATCH_ADMIN_EMAIL !== !!env.SHARDWATCH_ADMIN_PASSWORD) {
      const missing = env.SHARDWATCH_ADMIN_EMAIL ? "SHARDWATCH_ADMIN_PASSWORD" : "SHARDWATCH_ADMIN_EMAIL";
      ctx.addIssue({ code: "custom", path: [missing], message: "must be set together with its partner (admin email and password)" });
    }
    if (env.SHARDWATCH_CONTROL_PLANE_TOKEN && !env.SHARDWATCH_CONTROL_PLANE_URL) {
      const message = "is set but SHARDWATCH_CONTROL_PLANE_URL is not (the token is only sent to a real control plane)";
      ctx.addIssue({ code: "custom", path: ["SHARDWATCH_CONTROL_PLANE_TOKEN"], message });
    }
  });

export type TEnv = z.infer<typeof ZEnv> & { baseUrl: string };

export class ConfigError extends Error {
  override name = "ConfigError";
}

/** Parses an environment; throws a ConfigError whose one-line message names every bad variable. */
export function parseEnv(source: Record<string, string | undefined>): TEnv {
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ""));
  const result = ZEnv.safeParse(cleaned);
  if (!result.success) {
    const parts = result.error.issues.map((issue) => {
      const name = issue.path.join(".") || "environment";
      const got = typeof issue.path[0] === "string" && !/SECRET|PASSWORD|TOKEN/.test(issue.path[0]) ? source[issue.path[0]] : undefined;
      return `${name} ${issue.message.replace(/^Invalid input: /, "")}${got !== undefined ? ` (got "${got}")` : ""}`;
    });
    throw new ConfigError(`Invalid configuration: ${parts.join("; ")}`);
  }
  const env = result.data;
  return { ...env, baseUrl: (env.SHARDWATCH_BASE_URL ?? `http://${env.HOST}:${env.PORT}`).replace(/\/$/, "") };
}

/** The process's validated environment (parsed on first use and cached). */
export function getEnv(): TEnv {
  return processSingleton("env", () => parseEnv(process.env));
}
