import { Counter, Gauge, Histogram } from "prom-client";
import { getMetrics } from "@/lib/metrics";
import { processSingleton } from "@/lib/process-singleton";

// Ingest figures in /metrics; registered once per process on the shared registry.

function create() {
  const registers = [getMetrics().registry];
  return {
    accepted: new Counter({ name: "shardwatch_ingest_samples_accepted_total", help: "Samples accepted, by source", labelNames: ["source"] as const, registers }),
    rejected: new Counter({ name: "shardwatch_ingest_samples_rejected_total", help: "Samples or batches refused, by reason", labelNames: ["source", "reason"] as const, registers }),
    batchSeconds: new Histogram({
      name: "shardwatch_ingest_batch_duration_seconds",
      help: "Time from a batch entering the ingest queue to its acknowledgement (durable)",
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
      registers,
    }),
    decodeThreads: new Gauge({ name: "shardwatch_ingest_decode_threads", help: "Worker threads decoding JSON pushes and remote_write bodies (0: decoded on the main thread)", registers }),
    queueDepth: new Gauge({ name: "shardwatch_ingest_queue_samples", help: "Samples waiting to be made durable", registers }),
    inFlightRequests: new Gauge({ name: "shardwatch_ingest_in_flight_requests", help: "Pushes (JSON and remote_write) being read, decoded or made durable", registers }),
    inFlightBytes: new Gauge({ name: "shardwatch_ingest_in_flight_bytes", help: "Body bytes the pushes in flight hold (read, and decompressed)", registers }),
    series: new Gauge({ name: "shardwatch_window_series", help: "Series in the in-memory window store", registers }),
    windowBytes: new Gauge({ name: "shardwatch_window_memory_bytes", help: "Approximate memory held by the window store", registers }),
    walBytes: new Counter({ name: "shardwatch_wal_written_bytes_total", help: "Bytes appended to the write-ahead log", registers }),
    flushSeconds: new Histogram({ name: "shardwatch_rollup_flush_duration_seconds", help: "Rollup flush duration", buckets: [0.01, 0.05, 0.1, 0.5, 1, 5], registers }),
    flushRowsLeft: new Gauge({ name: "shardwatch_rollup_flush_rows_left", help: "Rows of the journaled rollup flush not yet in the database", registers }),
    bucketsWaiting: new Gauge({ name: "shardwatch_rollup_buckets_waiting", help: "10 s rollup buckets in memory, not yet flushed", registers }),
    flushFailures: new Counter({ name: "shardwatch_rollup_flush_failures_total", help: "Rollup flushes that failed (kept for retry)", registers }),
  };
}

export type TTelemetryMetrics = ReturnType<typeof create>;

export function telemetryMetrics(): TTelemetryMetrics {
  return processSingleton("telemetryMetrics", create);
}
