export { listTopology } from "./list-topology";
export { describeEntity } from "./describe-entity";
export * from "./schemas";
export { listClusterSummaries, type TClusterSummary } from "./list-cluster-summaries";
