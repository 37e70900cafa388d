// React Query keys of the cluster and shard pages; the range spec (not its resolved bounds) is in the key so live ranges slide.
export const clusterKeys = {
  all: ["cluster"] as const,
  heatmap: (cluster: string, metric: string, spec: string, rows: number) => [...clusterKeys.all, cluster, "heatmap", metric, spec, rows] as const,
  shards: (cluster: string, spec: string) => [...clusterKeys.all, cluster, "shards", spec] as const,
  shard: (cluster: string, shard: string) => [...clusterKeys.all, cluster, "shard", shard] as const,
  shardMetric: (cluster: string, shard: string, metric: string, spec: string) => [...clusterKeys.all, cluster, "shard", shard, metric, spec] as const,
};
