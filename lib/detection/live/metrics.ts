import { Counter, Gauge, Histogram } from "prom-client";
import { getMetrics } from "@/lib/metrics";
import { processSingleton } from "@/lib/process-singleton";

// Detection figures in /metrics. Detection latency is a product figure: onset (first sample that met
// the condition) to firing, in sample time and in wall-clock time.

const LATENCY_BUCKETS = [1, 2.5, 5, 7.5, 10, 15, 20, 30, 45, 60, 90, 120, 300];

function create() {
  const registers = [getMetrics().registry];
  return {
    latency: new Histogram({
      name: "shardwatch_detection_latency_seconds",
      help: "Onset (first sample meeting the condition) to firing, in sample time, by rule",
      labelNames: ["rule"] as const,
      buckets: LATENCY_BUCKETS,
      registers,
    }),
    wallLatency: new Histogram({
      name: "shardwatch_detection_wallclock_latency_seconds",
      help: "Onset sample time to the wall-clock moment the firing alert was stored, by rule",
      labelNames: ["rule"] as const,
      buckets: LATENCY_BUCKETS,
      registers,
    }),
    evalSeconds: new Histogram({
      name: "shardwatch_detection_evaluation_duration_seconds",
      help: "One evaluation of every enabled rule over the window store",
      buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1],
      registers,
    }),
    transitions: new Counter({ name: "shardwatch_alert_transitions_total", help: "Alert transitions, by type", labelNames: ["type"] as const, registers }),
    open: new Gauge({ name: "shardwatch_alerts_open", help: "Open alerts, by state", labelNames: ["state"] as const, registers }),
    ruleFailures: new Counter({
      name: "shardwatch_rule_failures_total",
      help: "Rules disabled because evaluation threw",
      labelNames: ["rule"] as const,
      registers,
    }),
    watermarkLag: new Gauge({ name: "shardwatch_detection_watermark_lag_seconds", help: "Wall clock minus the event time of the last evaluation", registers }),
  };
}

export type TDetectionMetrics = ReturnType<typeof create>;

export function detectionMetrics(): TDetectionMetrics {
  return processSingleton("detectionMetrics", create);
}
