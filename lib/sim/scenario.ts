import { z } from "zod";
import { ZOperationKind } from "@/lib/control-plane/types";
import { ZDuration } from "@/lib/duration";

export { ZDuration };

// Scenarios are data (scenarios/*.json): a cluster shape, baseline traffic and timed events.

const ZName = z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, "lowercase letters, digits and dashes");
const positive = z.number().positive("must be > 0");
const fraction = z.number().min(0, "must be between 0 and 1").max(1, "must be between 0 and 1");

export const ZClusterSpec = z.strictObject({
  name: ZName,
  shards: z.number().int().min(1).max(20_000),
  nodes: z.number().int().min(1).max(2_000),
  replicasPerShard: z.number().int().min(0).max(2).default(1),
  nodeCapacityQps: positive.default(60_000),
  shardCapacityQps: positive.default(6_000),
  shardSizeGb: positive.default(40),
  copyMBps: positive.default(400),
  keys: z.number().int().min(1000).default(10_000_000),
  zipfExponent: z.number().min(0).max(2).default(0.8),
  hotKeysTracked: z.number().int().min(10).max(10_000).default(500),
  keyPrefix: z.string().min(1).max(32).default("key:"),
  readFraction: fraction.default(0.8),
  replicaApplyQps: positive.default(4_000),
  baseP99Ms: positive.default(6),
  baseErrorRate: fraction.default(0.0002),
  traffic: z.strictObject({
    baseQps: positive,
    diurnalAmplitude: fraction.default(0.15),
    diurnalPeriod: ZDuration.default(86_400),
    noise: fraction.default(0.03),
  }),
  cache: z.strictObject({ nodes: z.number().int().min(1).max(1000), keysPerNode: z.number().int().min(1) }).optional(),
});

const base = { cluster: ZName, at: ZDuration, duration: ZDuration.optional(), ramp: ZDuration.default(0) };

export const ZEvent = z.discriminatedUnion("type", [
  z.strictObject({
    type: z.literal("celebrity-key"),
    ...base,
    key: z.string().optional(),
    rank: z.number().int().min(1).optional(),
    multiplier: positive,
    readFraction: fraction.optional(),
  }),
  z.strictObject({
    type: z.literal("hot-range"),
    ...base,
    shard: z.string(),
    qps: positive,
    from: fraction.default(0),
    to: fraction.default(1),
    readFraction: fraction.default(0),
  }),
  z.strictObject({ type: z.literal("warm-node"), ...base, node: z.string(), shards: z.number().int().min(1).default(3), multiplier: positive }),
  z.strictObject({ type: z.literal("surge"), ...base, multiplier: positive }),
  z.strictObject({ type: z.literal("node-failure"), ...base, node: z.string() }),
  z.strictObject({ type: z.literal("slow-replica"), ...base, replica: z.string(), factor: z.number().gt(0).max(1) }),
  z.strictObject({ type: z.literal("replica-partition"), ...base, replica: z.string(), reports: z.boolean().default(true) }),
  z.strictObject({ type: z.literal("replica-stall"), ...base, replica: z.string() }),
  z.strictObject({ type: z.literal("cache-restart"), ...base, node: z.string() }),
  z.strictObject({ type: z.literal("cache-stampede"), ...base, keys: z.number().int().min(1).max(1000) }),
  z.strictObject({ type: z.literal("shard-added"), ...base, shard: z.string(), fraction: z.number().gt(0).lt(1).default(0.5) }),
  z.strictObject({ type: z.literal("spike"), ...base, shard: z.string(), multiplier: positive }),
  z.strictObject({ type: z.literal("lag-blip"), ...base, replica: z.string(), seconds: positive }),
]);

export const ZScenario = z
  .strictObject({
    name: ZName,
    title: z.string().min(1).max(80),
    description: z.string().min(1).max(2000),
    seed: z.union([z.number(), z.string()]).default(1),
    /** The scripted part; live mode starts over after it when `loop` is set. */
    duration: ZDuration,
    loop: z.boolean().default(true),
    /** The mitigation this scenario is built to need, if any. */
    fixedBy: ZOperationKind.optional(),
    /** Nothing here should alert: used by the detection precision checks. */
    benign: z.boolean().default(false),
    clusters: z.array(ZClusterSpec).min(1).max(10),
    events: z.array(ZEvent).default([]),
  })
  .superRefine((s, ctx) => {
    const names = new Set(s.clusters.map((c) => c.name));
    if (names.size !== s.clusters.length) ctx.addIssue({ code: "custom", path: ["clusters"], message: "cluster names must be unique" });
    s.events.forEach((e, i) => {
      if (!names.has(e.cluster)) ctx.addIssue({ code: "custom", path: ["events", i, "cluster"], message: `no cluster "${e.cluster}" in this scenario` });
      if (e.at > s.duration) ctx.addIssue({ code: "custom", path: ["events", i, "at"], message: "starts after the scenario ends" });
    });
  });

export type TClusterSpec = z.infer<typeof ZClusterSpec>;
export type TSimEvent = z.infer<typeof ZEvent>;
export type TSimEventInput = z.input<typeof ZEvent>;
export type TScenario = z.infer<typeof ZScenario>;
export type TScenarioInput = z.input<typeof ZScenario>;
