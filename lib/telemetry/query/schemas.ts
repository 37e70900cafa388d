import { z } from "zod";
import { METRICS } from "../points";

export const AGGS = ["avg", "max", "min", "sum", "p99"] as const;
export const GROUP_BY = ["shard", "node", "replica", "key", "cluster"] as const;

export const ZSeriesQuery = z.object({
  cluster: z.string().max(128).optional(),
  metric: z.enum(METRICS).optional(),
  shard: z.string().max(128).optional(),
  node: z.string().max(128).optional(),
  limit: z.coerce.number().int().min(1).max(50_000).default(10_000),
});

export const ZRangeQuery = z
  .object({
    metric: z.enum(METRICS, { error: `metric must be one of ${METRICS.join(", ")}` }),
    cluster: z.string().min(1, "cluster is required").max(128),
    shard: z.string().max(128).optional(),
    node: z.string().max(128).optional(),
    from: z.coerce.number().int().positive().optional(),
    to: z.coerce.number().int().positive().optional(),
    step: z.coerce.number().int().min(1000, "step is at least 1000 ms").optional(),
    agg: z.enum(AGGS).default("avg"),
    by: z.enum(GROUP_BY).default("cluster"),
  })
  .transform((q, ctx) => {
    const to = q.to ?? Date.now();
    const from = q.from ?? to - 15 * 60_000;
    if (from >= to) ctx.addIssue({ code: "custom", path: ["from"], message: "from must be before to" });
    if (to - from > 31 * 86_400_000) ctx.addIssue({ code: "custom", path: ["from"], message: "the range is at most 31 days" });
    const step = q.step ?? Math.max(1000, Math.ceil((to - from) / 300 / 1000) * 1000);
    if ((to - from) / step > 5000) ctx.addIssue({ code: "custom", path: ["step"], message: "at most 5000 steps; use a larger step" });
    return { ...q, from, to, step };
  });

export type TRangeQuery = z.output<typeof ZRangeQuery>;

export const ZRangeResult = z.object({
  metric: z.string(),
  agg: z.enum(AGGS),
  by: z.enum(GROUP_BY),
  start: z.number(),
  step: z.number(),
  buckets: z.number(),
  series: z.array(z.object({ group: z.record(z.string(), z.string()), values: z.array(z.number().nullable()) })),
});
export type TRangeResult = z.infer<typeof ZRangeResult>;
