import { Counter, Gauge, Histogram } from "prom-client";
import { getMetrics } from "@/lib/metrics";
import { processSingleton } from "@/lib/process-singleton";

// Webhook figures in /metrics; registered once per process on the shared registry.
function create() {
  const registers = [getMetrics().registry];
  return {
    attempts: new Counter({
      name: "shardwatch_webhook_attempts_total",
      help: "Webhook HTTP attempts by outcome (delivered, retry, failed: gave up)",
      labelNames: ["outcome"] as const,
      registers,
    }),
    deliveries: new Counter({
      name: "shardwatch_webhook_deliveries_total",
      help: "Webhook deliveries finished, by outcome (delivered, failed)",
      labelNames: ["outcome"] as const,
      registers,
    }),
    latency: new Histogram({
      name: "shardwatch_webhook_attempt_duration_seconds",
      help: "Time from sending a webhook to its answer (or failure)",
      buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    }),
    outbox: new Gauge({ name: "shardwatch_webhook_outbox_pending", help: "Webhook deliveries waiting to be sent or retried", registers }),
    disabled: new Counter({ name: "shardwatch_webhook_endpoints_auto_disabled_total", help: "Endpoints disabled after repeated failed deliveries", registers }),
  };
}

export function webhookMetrics() {
  return processSingleton("webhookMetrics", create);
}
