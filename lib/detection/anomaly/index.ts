export { createAnomalyDetector, ANOMALY_DETECTOR_DEFAULTS, type TAnomalyDetector, type TAnomalyDetectorParams } from "./detector";

/**
 * The threshold NAB scores are quoted at, fixed before scoring: CAD's own baseThreshold, the score at
 * which the detector itself treats a step as anomalous, starts its rest period and below which the
 * surprise gate caps unsurprising scores. It was set to 0.75 before the streaming changes and not
 * moved after scoring them (the gate's own constants were tuned on NAB: see detector.ts).
 */
export const NAB_FIXED_THRESHOLD = 0.75;
