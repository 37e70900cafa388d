export { listAlerts } from "./list-alerts";
export { getAlert } from "./get-alert";
export { persistTransitions } from "./persist-transitions";
export { loadOpenAlerts } from "./load-open-alerts";
export { loadRecentlyResolved } from "./load-recently-resolved";
export { detectionLatencyByRule } from "./detection-latency-by-rule";
export { toAlertView, type TAlertRecord } from "./internal";
export * from "./schemas";
