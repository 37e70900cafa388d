export { createAnomalyDetector, ANOMALY_DETECTOR_DEFAULTS, type TAnomalyDetector, type TAnomalyDetectorParams } from "./detector";

/**
 * The threshold NAB scores are quoted at, fixed before scoring: CAD's own baseThreshold, the score at
 * which the detector itself treats a step as anomalous and starts its rest period.
 */
export const NAB_FIXED_THRESHOLD = 0.75;
