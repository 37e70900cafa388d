export { listTopology } from "./list-topology";
export { describeEntity } from "./describe-entity";
export * from "./schemas";
