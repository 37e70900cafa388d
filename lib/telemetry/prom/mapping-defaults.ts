import { ZPromMappingConfig, type TPromMappingConfig, type TPromRuleInput } from "./mapping-config";

// The built-in mapping; docs/prom-mapping.md documents every rule here (keep the two in step).

const shard = (metric: string, field: string): TPromRuleInput => ({ metric, type: "shard", field, kind: "gauge" });
const cache = (metric: string, field: string, kind: "gauge" | "counter"): TPromRuleInput =>
  kind === "gauge" ? { metric, type: "cache", field, kind } : { metric, type: "cache", field, kind, labels: { node: { from: ["node", "instance"] } } };

// Database exporters know nothing of shards: replica and node come from the scrape target.
const exporterLag = (metric: string): TPromRuleInput => ({
  metric,
  type: "replica",
  field: "lagSeconds",
  kind: "gauge",
  labels: { shard: { from: ["shard"], default: "default" }, replica: { from: ["replica", "instance"] }, node: { from: ["node", "instance"] } },
});

export const DEFAULT_PROM_MAPPING: TPromMappingConfig = ZPromMappingConfig.parse({
  labels: {
    cluster: { from: ["cluster"], default: "default" },
    shard: { from: ["shard"] },
    node: { from: ["node"] },
    replica: { from: ["replica"] },
  },
  rules: [
    shard("shardwatch_shard_qps", "qps"),
    shard("shardwatch_shard_p99_ms", "p99Ms"),
    shard("shardwatch_shard_cpu", "cpu"),
    shard("shardwatch_shard_iops", "iops"),
    shard("shardwatch_shard_error_rate", "errorRate"),
    { metric: "shardwatch_replica_lag_seconds", type: "replica", field: "lagSeconds", kind: "gauge" },
    cache("shardwatch_cache_hits_per_second", "hitsPerSec", "gauge"),
    cache("shardwatch_cache_misses_per_second", "missesPerSec", "gauge"),
    cache("shardwatch_cache_evictions_per_second", "evictionsPerSec", "gauge"),
    cache("redis_keyspace_hits_total", "hitsPerSec", "counter"),
    cache("redis_keyspace_misses_total", "missesPerSec", "counter"),
    cache("redis_evicted_keys_total", "evictionsPerSec", "counter"),
    exporterLag("pg_replication_lag_seconds"),
    exporterLag("pg_replication_lag"),
    exporterLag("mysql_slave_status_seconds_behind_master"),
  ],
});
