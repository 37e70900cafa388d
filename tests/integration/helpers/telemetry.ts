import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { TDatabase } from "@/lib/db";
import { TelemetryService, type TTelemetryConfig } from "@/lib/telemetry/service";

export function telemetryConfig(overrides: Partial<TTelemetryConfig> = {}): TTelemetryConfig {
  return {
    dataDir: mkdtempSync(path.join(tmpdir(), "sw-tel-")),
    instance: "test",
    fsync: true,
    queueCapacity: 100_000,
    rollupBacklog: 1_000_000,
    windowMs: 30 * 60_000,
    flushIntervalMs: 3_600_000, // tests flush by hand
    keep10sMs: 48 * 3_600_000,
    keep1mMs: 30 * 86_400_000,
    ...overrides,
  };
}

export function startTelemetry(db: TDatabase, cfg: TTelemetryConfig, now?: number) {
  return TelemetryService.start(db, cfg, now);
}
