import { z } from "zod";
import { CACHE_METRICS, REPLICA_METRICS, SHARD_METRICS, ZLabel } from "../sample";

// How Prometheus series become Shardwatch samples: one rule per metric name, and for each identity
// label (cluster, shard, node, replica) the Prometheus labels that supply it, first present wins.

export const SAMPLE_FIELDS = { shard: SHARD_METRICS, replica: REPLICA_METRICS, cache: CACHE_METRICS } as const;
export type TSampleType = keyof typeof SAMPLE_FIELDS;
export const IDENTITY_LABELS = ["cluster", "shard", "node", "replica"] as const;
export type TIdentityLabel = (typeof IDENTITY_LABELS)[number];

/** The identity labels each sample type must have; replica samples may also carry `node`. */
export const REQUIRED_LABELS: Record<TSampleType, readonly TIdentityLabel[]> = {
  shard: ["cluster", "shard", "node"],
  replica: ["cluster", "shard", "replica"],
  cache: ["cluster", "node"],
};
export const OPTIONAL_LABELS: Record<TSampleType, readonly TIdentityLabel[]> = { shard: [], replica: ["node"], cache: [] };

const ZPromName = z.string().regex(/^[a-zA-Z_:][a-zA-Z0-9_:]*$/, "must be a Prometheus name ([a-zA-Z_:][a-zA-Z0-9_:]*)");
const ZPromLabelName = z.string().regex(/^[a-zA-Z_][a-zA-Z0-9_]*$/, "must be a Prometheus label name ([a-zA-Z_][a-zA-Z0-9_]*)");

export const ZLabelSource = z.strictObject({
  from: z.array(ZPromLabelName).max(8, "at most 8 label names").optional(),
  default: ZLabel.optional(),
});

const ZIdentitySources = z.strictObject({
  cluster: ZLabelSource.optional(),
  shard: ZLabelSource.optional(),
  node: ZLabelSource.optional(),
  replica: ZLabelSource.optional(),
});

export const ZPromRule = z
  .strictObject({
    metric: ZPromName,
    type: z.enum(["shard", "replica", "cache"], { error: 'must be "shard", "replica" or "cache"' }),
    field: z.string(),
    kind: z.enum(["gauge", "counter"], { error: 'must be "gauge" or "counter"' }).default("gauge"),
    scale: z.number().finite().positive("must be > 0").default(1),
    combine: z.enum(["sum", "max"], { error: 'must be "sum" or "max"' }).optional(),
    labels: ZIdentitySources.optional(),
  })
  .superRefine((rule, ctx) => {
    const fields: readonly string[] = SAMPLE_FIELDS[rule.type];
    if (!fields.includes(rule.field)) {
      ctx.addIssue({ code: "custom", path: ["field"], message: `"${rule.field}" is not a ${rule.type} field (expected one of ${fields.join(", ")})` });
    }
  });

function refineUniqueMetrics(config: { rules: { metric: string }[] }, ctx: z.RefinementCtx): void {
  const seen = new Set<string>();
  config.rules.forEach((rule, i) => {
    if (seen.has(rule.metric)) ctx.addIssue({ code: "custom", path: ["rules", i, "metric"], message: `"${rule.metric}" has more than one rule` });
    seen.add(rule.metric);
  });
}

const ZRules = z.array(ZPromRule).max(1000, "at most 1000 rules");

export const ZPromMappingConfig = z.strictObject({ labels: ZIdentitySources.default({}), rules: ZRules }).superRefine(refineUniqueMetrics);

export type TLabelSource = z.infer<typeof ZLabelSource>;
export type TPromRule = z.infer<typeof ZPromRule>;
export type TPromRuleInput = z.input<typeof ZPromRule>;
export type TPromMappingConfig = z.infer<typeof ZPromMappingConfig>;

/** A mapping file: rules and label sources that extend (or, without defaults, replace) the built-in ones. */
export const ZPromMappingFile = z
  .strictObject({ includeDefaults: z.boolean().default(true), labels: ZIdentitySources.default({}), rules: ZRules.default([]) })
  .superRefine(refineUniqueMetrics);
export type TPromMappingFile = z.infer<typeof ZPromMappingFile>;
