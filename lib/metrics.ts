import { collectDefaultMetrics, Histogram, Registry } from "prom-client";
import { processSingleton } from "./process-singleton";

// One registry per process (kept on globalThis: Next may load this module more than once).
type TMetrics = { registry: Registry; httpDuration: Histogram<"method" | "route" | "status"> };

function create(): TMetrics {
  const registry = new Registry();
  registry.setDefaultLabels({ app: "shardwatch" });
  collectDefaultMetrics({ register: registry });
  const httpDuration = new Histogram({
    name: "shardwatch_http_request_duration_seconds",
    help: "HTTP request duration by route pattern and status",
    labelNames: ["method", "route", "status"] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  return { registry, httpDuration };
}

export function getMetrics(): TMetrics {
  return processSingleton("metrics", create);
}
