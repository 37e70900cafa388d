import { Gauge } from "prom-client";
import { getMetrics } from "@/lib/metrics";
import { processSingleton } from "@/lib/process-singleton";
import type { TDatabase } from "./open";

/**
 * `shardwatch_db_embedded_memory_bytes`: the embedded database's share of the process's memory
 * (PGlite's WebAssembly memory; 0 on PostgreSQL), read at scrape time from the database opened last.
 */
export function watchDatabaseMemory(db: TDatabase): void {
  const watched = processSingleton("dbMemory", () => {
    const state: { db: TDatabase | null } = { db: null };
    new Gauge({
      name: "shardwatch_db_embedded_memory_bytes",
      help: "Memory the embedded database (PGlite) holds in this process: its WebAssembly memory, which is never given back; 0 on PostgreSQL",
      registers: [getMetrics().registry],
      collect() {
        this.set(state.db?.memoryBytes() ?? 0);
      },
    });
    return state;
  });
  watched.db = db;
}
