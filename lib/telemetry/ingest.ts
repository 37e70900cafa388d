// Where samples came from: counted per source in /metrics. Every source ingests through
// TelemetryService.ingest (rt.telemetry), which acknowledges once samples are durable.
export type TIngestSource = "push" | "remote_write" | "scrape" | "simulator";
