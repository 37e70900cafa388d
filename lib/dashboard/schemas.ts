import { z } from "zod";
import { REPLICA_STATES } from "./replication";
import { MAX_RANGE_MS, stepFor } from "./time-range";

// Query strings and answers of the replication and cache pages' APIs.

export const MAX_BUCKETS = 1000;
export const REPLICAS_LIMIT_MAX = 200;

const ms = (what: string) =>
  z.coerce.number({ error: `${what} must be milliseconds since the epoch` }).int(`${what} must be whole milliseconds`).positive(`${what} must be positive`);
const label = z.string().min(1, "must not be empty").max(128, "at most 128 characters");

const ZRange = z.object({
  from: ms("from").optional(),
  to: ms("to").optional(),
  step: z.coerce.number({ error: "step must be a number of milliseconds" }).int("step must be whole milliseconds").min(1000, "step is at least 1000 ms").optional(),
});

/** Defaults: the last hour, at the page's own step; from must precede to, and the buckets stay few. */
function withRange<T extends z.infer<typeof ZRange>>(q: T, ctx: z.RefinementCtx) {
  const to = q.to ?? Date.now();
  const from = q.from ?? to - 3_600_000;
  if (from >= to) ctx.addIssue({ code: "custom", path: ["from"], message: "from must be before to" });
  if (to - from > MAX_RANGE_MS) ctx.addIssue({ code: "custom", path: ["from"], message: "the range is at most 31 days" });
  const step = q.step ?? stepFor(to - from);
  if ((to - from) / step > MAX_BUCKETS) ctx.addIssue({ code: "custom", path: ["step"], message: `at most ${MAX_BUCKETS} buckets; use a larger step` });
  return { ...q, from, to, step };
}

export const ZReplicationQuery = ZRange.extend({
  cluster: label.optional(),
  state: z.enum(REPLICA_STATES, { error: `state must be one of ${REPLICA_STATES.join(", ")}` }).optional(),
  limit: z.coerce.number({ error: "limit must be a number" }).int("limit must be whole").min(1, "limit is at least 1").max(REPLICAS_LIMIT_MAX, `limit is at most ${REPLICAS_LIMIT_MAX}`).default(25),
  offset: z.coerce.number({ error: "offset must be a number" }).int("offset must be whole").min(0, "offset must be ≥ 0").default(0),
  worst: z.coerce.number({ error: "worst must be a number" }).int("worst must be whole").min(0, "worst must be ≥ 0").max(20, "worst is at most 20").default(10),
}).transform(withRange);
export type TReplicationQuery = z.output<typeof ZReplicationQuery>;

export const ZCacheQuery = ZRange.extend({ cluster: label.optional(), node: label.optional() }).transform(withRange);
export type TCacheQuery = z.output<typeof ZCacheQuery>;

const series = z.array(z.number().nullable());
const ZChartGrid = z.object({ start: z.number(), step: z.number(), buckets: z.number() });

export const ZReplicationResult = z.object({
  cluster: z.string().nullable(),
  clusters: z.array(z.string()),
  asOf: z.number(),
  slo: z.object({ rule: z.string(), seconds: z.number() }).nullable(),
  counts: z.object({ total: z.number(), missing: z.number(), stalled: z.number(), lagging: z.number(), growing: z.number(), healthy: z.number() }),
  chart: ZChartGrid.extend({
    /** Where the in-memory window starts: the p99 band before it comes from rollups. */
    windowStart: z.number(),
    p99: series,
    max: series,
    worst: z.array(z.object({ replica: z.string(), shard: z.string(), lag: z.number(), values: series })),
  }),
  replicas: z.object({
    total: z.number(),
    offset: z.number(),
    limit: z.number(),
    /** The trend column: the last 30 minutes, one bucket a minute (max lag), oldest first. */
    trendStep: z.number(),
    rows: z.array(
      z.object({
        replica: z.string(),
        shard: z.string(),
        node: z.string().nullable(),
        lag: z.number().nullable(),
        state: z.enum(REPLICA_STATES),
        rule: z.string().nullable(),
        trend: series,
      }),
    ),
  }),
});
export type TReplicationResult = z.infer<typeof ZReplicationResult>;

export const CACHE_STATUSES = ["hit-drop", "eviction-storm", "hot-key"] as const;

export const ZCacheResult = z.object({
  cluster: z.string().nullable(),
  clusters: z.array(z.string()),
  asOf: z.number(),
  rules: z.object({
    hitDrop: z.object({ rule: z.string(), fireDrop: z.number(), baselineMinutes: z.number() }).nullable(),
    hotKey: z.object({ rule: z.string(), fireShare: z.number() }).nullable(),
  }),
  nodes: z.array(
    z.object({
      node: z.string(),
      hitRatio: z.number().nullable(),
      baseline: z.number().nullable(),
      getsPerSec: z.number().nullable(),
      evictionsPerSec: z.number().nullable(),
      statuses: z.array(z.enum(CACHE_STATUSES)),
    }),
  ),
  focus: ZChartGrid.extend({
    node: z.string(),
    windowStart: z.number(),
    hitRatio: series,
    baseline: series,
    getsPerSec: series,
    evictionsPerSec: series,
    hotKeys: z.array(z.object({ key: z.string(), share: series })),
  }).nullable(),
  hotKeys: z.array(
    z.object({ key: z.string(), node: z.string(), perSec: z.number(), share: z.number(), alert: z.enum(["pending", "firing"]).nullable(), rule: z.string().nullable() }),
  ),
});
export type TCacheResult = z.infer<typeof ZCacheResult>;
