import { z } from "zod";

// The v1 telemetry sample model (DESIGN.md). A metric left out is unknown, never zero.

export const LABEL_MAX = 128;
export const HOT_KEY_MAX = 256;
export const MAX_HOT_KEYS = 100;
export const KEY_RANGE_MAX = 512;
// Printable, no control characters or whitespace at the ends: these become URL and chart labels.
export const LABEL_RE = /^[^\s\p{Cc}](?:[^\p{Cc}]*[^\s\p{Cc}])?$/u;

export const ZLabel = z
  .string({ error: "expected a string" })
  .min(1, "must not be empty")
  .max(LABEL_MAX, `at most ${LABEL_MAX} characters`)
  .regex(LABEL_RE, "no control characters or surrounding spaces");

const rate = z.number({ error: "expected a number" }).finite("must be finite").nonnegative("must be ≥ 0");
const fraction = z.number({ error: "expected a number" }).min(0, "must be between 0 and 1").max(1, "must be between 0 and 1");
const ts = z.number({ error: "expected milliseconds since the epoch" }).int("must be whole milliseconds").positive("must be positive");

export const ZShardSample = z.strictObject({
  type: z.literal("shard"),
  cluster: ZLabel,
  shard: ZLabel,
  node: ZLabel,
  ts,
  qps: rate.optional(),
  p99Ms: rate.optional(),
  cpu: fraction.optional(),
  iops: rate.optional(),
  errorRate: fraction.optional(),
  keyRange: z.strictObject({ start: z.string().max(KEY_RANGE_MAX), end: z.string().max(KEY_RANGE_MAX) }).optional(),
});

export const ZReplicaSample = z.strictObject({
  type: z.literal("replica"),
  cluster: ZLabel,
  shard: ZLabel,
  replica: ZLabel,
  node: ZLabel.optional(),
  ts,
  lagSeconds: rate.optional(),
});

export const ZHotKey = z.strictObject({ key: z.string().min(1).max(HOT_KEY_MAX, `at most ${HOT_KEY_MAX} characters`), perSec: rate });

export const ZCacheSample = z.strictObject({
  type: z.literal("cache"),
  cluster: ZLabel,
  node: ZLabel,
  ts,
  hitsPerSec: rate.optional(),
  missesPerSec: rate.optional(),
  evictionsPerSec: rate.optional(),
  hotKeys: z.array(ZHotKey).max(MAX_HOT_KEYS, `at most ${MAX_HOT_KEYS} hot keys per sample`).optional(),
});

export const ZSample = z.discriminatedUnion("type", [ZShardSample, ZReplicaSample, ZCacheSample], {
  error: (issue) => (issue.code === "invalid_union" ? 'type must be "shard", "replica" or "cache"' : undefined),
});

export type TShardSample = z.infer<typeof ZShardSample>;
export type TReplicaSample = z.infer<typeof ZReplicaSample>;
export type TCacheSample = z.infer<typeof ZCacheSample>;
export type TSample = z.infer<typeof ZSample>;

export const MAX_SAMPLES_PER_BATCH = 50_000;

export const ZTelemetryBatch = z.strictObject({
  samples: z.array(ZSample).min(1, "send at least one sample").max(MAX_SAMPLES_PER_BATCH, `at most ${MAX_SAMPLES_PER_BATCH} samples per batch`),
});

/** The numeric fields of each sample type, in the order they become series. */
export const SHARD_METRICS = ["qps", "p99Ms", "cpu", "iops", "errorRate"] as const;
export const REPLICA_METRICS = ["lagSeconds"] as const;
export const CACHE_METRICS = ["hitsPerSec", "missesPerSec", "evictionsPerSec"] as const;
