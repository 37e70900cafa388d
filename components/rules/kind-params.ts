import { ZodDefault, type z } from "zod";
import {
  ZAnomalyParams,
  ZCacheHitDropParams,
  ZClusterSkewParams,
  ZEvictionStormParams,
  ZFleetOutlierParams,
  ZHotKeyParams,
  ZHotShardParams,
  ZReplicaLagGrowthParams,
  ZReplicaLagParams,
  ZReplicaMissingParams,
  ZReplicaStalledParams,
  ZShardThresholdParams,
  type TRuleKind,
} from "@/lib/detection/rules/schema";

// The editor's inputs come from the params schemas themselves: one field per key, a select for an enum,
// its default when the key has one. The server still validates everything.

const PARAMS: Record<TRuleKind, z.ZodObject> = {
  "hot-shard": ZHotShardParams,
  "cluster-skew": ZClusterSkewParams,
  "shard-threshold": ZShardThresholdParams,
  "fleet-outlier": ZFleetOutlierParams,
  "replica-lag": ZReplicaLagParams,
  "replica-lag-growth": ZReplicaLagGrowthParams,
  "replica-stalled": ZReplicaStalledParams,
  "replica-missing": ZReplicaMissingParams,
  "cache-hit-drop": ZCacheHitDropParams,
  "eviction-storm": ZEvictionStormParams,
  "hot-key": ZHotKeyParams,
  anomaly: ZAnomalyParams,
};

export type TParamField = { key: string; options: readonly string[] | null; defaultValue: string | number | undefined };

function optionsOf(schema: z.ZodType): readonly string[] | null {
  const inner = schema instanceof ZodDefault ? (schema.unwrap() as z.ZodType) : schema;
  return "options" in inner && Array.isArray(inner.options) ? (inner.options as string[]) : null;
}

export function paramFields(kind: TRuleKind): TParamField[] {
  return Object.entries(PARAMS[kind].shape).map(([key, schema]) => {
    const d = (schema as z.ZodType).safeParse(undefined);
    return { key, options: optionsOf(schema as z.ZodType), defaultValue: d.success ? (d.data as string | number) : undefined };
  });
}

/** "fireShareOfFair" → "Fire share of fair". */
export function paramLabel(key: string): string {
  const words = key.replace(/([a-z0-9])([A-Z])/g, "$1 $2").toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}
