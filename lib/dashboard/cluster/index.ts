export { getClusterHeatmap, METRIC_UNIT } from "./get-cluster-heatmap";
export { getClusterShards } from "./get-cluster-shards";
export { getShardDetail } from "./get-shard-detail";
export { getClusterPage } from "./get-cluster-page";
export * from "./schemas";
