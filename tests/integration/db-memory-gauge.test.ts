import { afterEach, describe, expect, it } from "vitest";
import { watchDatabaseMemory } from "@/lib/db";
import { getMetrics } from "@/lib/metrics";
import { emptyDatabase, type TTestDatabase } from "./helpers/databases";

// shardwatch_db_embedded_memory_bytes: PGlite's WebAssembly memory (it lives in the server's own
// memory), 0 on PostgreSQL, whose memory is another process's.

const open: TTestDatabase[] = [];
afterEach(async () => {
  for (const db of open.splice(0)) await db.drop();
});

async function gauge(): Promise<number> {
  const metric = await getMetrics().registry.getSingleMetric("shardwatch_db_embedded_memory_bytes")!.get();
  return metric.values[0]!.value;
}

describe("the embedded database's memory in /metrics", () => {
  it("reports PGlite's WebAssembly memory, in whole 64 KiB pages", async () => {
    const db = await emptyDatabase("pglite");
    open.push(db);
    watchDatabaseMemory(db);
    // PGlite's module starts at 128 MB of WebAssembly memory and grows in 64 KiB pages.
    expect(await gauge()).toBeGreaterThanOrEqual(128 * 2 ** 20);
    expect((await gauge()) % 65_536).toBe(0);
    expect(db.memoryBytes()).toBe(await gauge());
  });

  it("reports 0 on PostgreSQL, and follows the database opened last", async () => {
    const lite = await emptyDatabase("pglite");
    open.push(lite);
    watchDatabaseMemory(lite);
    expect(await gauge()).toBeGreaterThan(0);
    const pg = await emptyDatabase("postgres");
    open.push(pg);
    watchDatabaseMemory(pg);
    expect(await gauge()).toBe(0);
  });
});
