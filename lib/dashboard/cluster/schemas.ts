import { z } from "zod";
import { ZLabel } from "@/lib/telemetry/sample";

// Inputs and outputs of the cluster page's API (docs/api.md, "Cluster and shard pages").

export const HEATMAP_METRICS = ["qps", "p99Ms", "cpu", "iops", "errorRate"] as const;
export type THeatmapMetric = (typeof HEATMAP_METRICS)[number];
export const MAX_HEATMAP_BUCKETS = 1000;
export const MAX_HEATMAP_ROWS = 1000;

const ms = (name: string) =>
  z.coerce
    .number({ error: `${name} must be milliseconds since the epoch` })
    .int(`${name} must be whole milliseconds`)
    .positive(`${name} must be positive`);

export const ZHeatmapInput = z
  .object({
    metric: z.enum(HEATMAP_METRICS, { error: `metric must be one of ${HEATMAP_METRICS.join(", ")}` }).default("qps"),
    from: ms("from").optional(),
    to: ms("to").optional(),
    step: z.coerce.number({ error: "step must be a number of ms" }).int().min(1000, "step is at least 1000 ms").optional(),
    rows: z.coerce
      .number({ error: "rows must be a number" })
      .int("rows must be whole")
      .min(1, "rows is at least 1")
      .max(MAX_HEATMAP_ROWS, `rows is at most ${MAX_HEATMAP_ROWS}`)
      .default(200),
  })
  .transform((q, ctx) => {
    const to = q.to ?? Date.now();
    const from = q.from ?? to - 30 * 60_000;
    if (from >= to) ctx.addIssue({ code: "custom", path: ["from"], message: "from must be before to" });
    if (to - from > 31 * 86_400_000) ctx.addIssue({ code: "custom", path: ["from"], message: "the range is at most 31 days" });
    const step = q.step ?? Math.max(5000, Math.ceil((to - from) / 360 / 1000) * 1000);
    if ((to - from) / step > MAX_HEATMAP_BUCKETS)
      ctx.addIssue({ code: "custom", path: ["step"], message: `at most ${MAX_HEATMAP_BUCKETS} buckets; use a larger step` });
    return { ...q, from, to, step };
  });
export type THeatmapInput = z.output<typeof ZHeatmapInput>;

export const ZHeatmapRow = z.object({
  label: z.string(),
  shards: z.number(),
  keyStart: z.string().nullable(),
  keyEnd: z.string().nullable(),
  shard: z.string().optional(),
  first: z.string(),
  last: z.string(),
  /** The row's shard with the highest value in the range (where a click on the row leads). */
  hottest: z.string().nullable(),
});

export const ZHeatmap = z.object({
  cluster: z.string(),
  metric: z.enum(HEATMAP_METRICS),
  unit: z.string(),
  /** How a row of several shards combines them. */
  rowAgg: z.enum(["sum", "max"]),
  start: z.number(),
  step: z.number(),
  buckets: z.number(),
  shards: z.number(),
  rows: z.array(ZHeatmapRow),
  /** Row-major: values[row * buckets + bucket]; null where no shard of the row reported. */
  // Checked as an array only: up to 1,000 × 1,000 cells, built by the service from a Float64Array (numbers or null);
  // a per-element schema would cost more than the whole query.
  values: z.custom<(number | null)[]>((v) => Array.isArray(v), "values must be an array"),
  max: z.number().nullable(),
});
export type THeatmap = z.infer<typeof ZHeatmap>;

export const ZClusterShardsInput = z.object({
  limit: z.coerce
    .number({ error: "limit must be a number" })
    .int("limit must be whole")
    .min(1, "limit is at least 1")
    .max(100, "limit is at most 100")
    .default(10),
  nodes: z.coerce
    .number({ error: "nodes must be a number" })
    .int("nodes must be whole")
    .min(1, "nodes is at least 1")
    .max(1000, "nodes is at most 1000")
    .default(50),
  /** The instant to read (default now); only the in-memory window (30 min) has per-shard figures. */
  at: ms("at").optional(),
});
export type TClusterShardsInput = z.output<typeof ZClusterShardsInput>;

const ZShardAlertRef = z.object({
  id: z.string(),
  rule: z.string(),
  state: z.enum(["pending", "firing", "resolved"]),
  severity: z.enum(["info", "warning", "critical"]),
});

export const ZClusterShards = z.object({
  cluster: z.string(),
  at: z.number(),
  shards: z.number(),
  totalQps: z.number(),
  fairShare: z.number(),
  top: z.array(
    z.object({
      shard: z.string(),
      node: z.string(),
      qps: z.number(),
      p99Ms: z.number().nullable(),
      cpu: z.number().nullable(),
      share: z.number(),
      shareOfFair: z.number(),
      status: z.enum(["firing", "pending", "ok"]),
      alerts: z.array(ZShardAlertRef),
    }),
  ),
  distribution: z.object({ points: z.array(z.tuple([z.number(), z.number()])), gini: z.number().nullable(), shards: z.number() }),
  nodes: z.array(
    z.object({
      node: z.string(),
      shards: z.number(),
      qps: z.number(),
      share: z.number(),
      hottest: z.object({ shard: z.string(), qps: z.number() }),
      maxCpu: z.number().nullable(),
    }),
  ),
  nodesTotal: z.number(),
});
export type TClusterShards = z.infer<typeof ZClusterShards>;

export const ZClusterParam = ZLabel;

const ZShardMetricName = z.enum(["qps", "p99Ms", "cpu", "iops", "errorRate"]);
const ZShardAlert = z.object({
  id: z.string(),
  rule: z.string(),
  kind: z.string().nullable(),
  /** The rule's metric where its kind has one (shard-threshold), so the value can carry its unit. */
  metric: z.string().nullable(),
  severity: z.enum(["info", "warning", "critical"]),
  state: z.enum(["pending", "firing", "resolved"]),
  activeAt: z.number(),
  firedAt: z.number().nullable(),
  resolvedAt: z.number().nullable(),
  value: z.number().nullable(),
  summary: z.string(),
});

export const ZShardDetail = z.object({
  cluster: z.string(),
  shard: z.string(),
  node: z.string().nullable(),
  keyStart: z.string().nullable(),
  keyEnd: z.string().nullable(),
  status: z.string().nullable(),
  lastSeenAt: z.number().nullable(),
  now: z.object({
    qps: z.number().nullable(),
    p99Ms: z.number().nullable(),
    cpu: z.number().nullable(),
    iops: z.number().nullable(),
    errorRate: z.number().nullable(),
    share: z.number().nullable(),
    fairShare: z.number().nullable(),
  }),
  replicas: z.array(z.object({ replica: z.string(), node: z.string().nullable(), lagSeconds: z.number().nullable(), lagAt: z.number().nullable() })),
  thresholds: z.array(z.object({ metric: ZShardMetricName, value: z.number(), rule: z.string(), title: z.string(), kind: z.string(), basis: z.string() })),
  /** This shard's alerts, newest onset first (at most 100): the charts' annotations. */
  alerts: z.array(ZShardAlert),
  /** Mitigations on this shard that started (newest first, at most 20): the charts' event lines. */
  mitigations: z.array(
    z.object({ id: z.string(), action: z.string(), state: z.string(), outcome: z.string().nullable(), startedAt: z.number(), finishedAt: z.number().nullable() }),
  ),
  episodes: z.array(
    z.object({
      id: z.string(),
      rule: z.string(),
      kind: z.string(),
      metric: z.string().nullable(),
      start: z.number(),
      end: z.number().nullable(),
      durationMs: z.number(),
      open: z.boolean(),
      value: z.number().nullable(),
      summary: z.string(),
    }),
  ),
});
export type TShardDetail = z.infer<typeof ZShardDetail>;
