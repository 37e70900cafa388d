import { existsSync } from "node:fs";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { TSqlRunner } from "@/lib/db/sql-runner";
import { journalPath } from "@/lib/telemetry/flush-journal";
import type { TSample } from "@/lib/telemetry/sample";
import type { TelemetryService } from "@/lib/telemetry/service";
import { BACKENDS, migratedDatabase, type TTestDatabase } from "./helpers/databases";
import { startTelemetry, telemetryConfig } from "./helpers/telemetry";

// A flush is written in many short transactions from a journal on disk. When one of them fails, or
// the process dies between them, the rest is applied later from the journal: every sample ends up in
// the rollups exactly once.

const NOW = Date.now();
const T0 = Math.floor(NOW / 60_000) * 60_000 - 5 * 60_000;
const SHARDS = 2_000; // × 5 metrics × 2 buckets: 40 chunks of 10 s rows on PGlite (500 a chunk), 4 on PostgreSQL (5,000)

function samples(): TSample[] {
  const out: TSample[] = [];
  for (let i = 0; i < SHARDS; i++) {
    for (const [dt, v] of [[1_000, 1], [4_000, 2], [21_000, 4]] as const) {
      out.push({ type: "shard", cluster: "resume", shard: `s-${i}`, node: "n-1", ts: T0 + dt, qps: i + v, p99Ms: v, cpu: 0.1 * v, iops: 10 * v, errorRate: 0 });
    }
  }
  return out;
}

/** The database, except that the (after+1)-th rollup statement from now on fails, until healed. */
function faulty(sql: TSqlRunner): TSqlRunner & { arm(after: number): void; heal(): void; seen(): number } {
  let left = Infinity;
  const state = { seen: 0 };
  const wrap = (inner: TSqlRunner): TSqlRunner => ({
    exec: (s) => inner.exec(s),
    query: async <T>(s: string, p?: unknown[]) => {
      if (s.startsWith("INSERT INTO rollup_")) {
        state.seen++;
        if (left-- <= 0) throw new Error("injected: the database went away");
      }
      return inner.query<T>(s, p);
    },
    transaction: (fn) => inner.transaction((tx) => fn(wrap(tx))),
  });
  return Object.assign(wrap(sql), {
    arm: (after: number) => void (left = after),
    heal: () => void (left = Infinity),
    seen: () => state.seen,
  });
}

async function expectExactlyOnce(db: TTestDatabase): Promise<void> {
  const tens = await db.sql.query<{ metric: string; bucket: string; n: number; rows: number; sum: number }>(
    `SELECT s.metric, r.bucket::text, sum(r.count)::int AS n, count(*)::int AS rows, sum(r.sum) AS sum FROM rollup_10s r JOIN series s ON s.id = r.series_id
     WHERE s.cluster = 'resume' GROUP BY 1, 2 ORDER BY 1, 2`,
  );
  const qpsSum = (v: number) => (SHARDS * (SHARDS - 1)) / 2 + SHARDS * v;
  expect(tens.filter((r) => r.metric === "shard.qps").map((r) => [Number(r.bucket) - T0, r.n, r.rows, r.sum])).toEqual([
    [0, 2 * SHARDS, SHARDS, qpsSum(1) + qpsSum(2)],
    [20_000, SHARDS, SHARDS, qpsSum(4)],
  ]);
  expect(tens.map((r) => r.n)).toEqual(Array.from({ length: 10 }, (_, i) => (i % 2 ? 1 : 2) * SHARDS)); // five metrics × two buckets
  const minutes = await db.sql.query<{ n: number; rows: number }>(
    `SELECT sum(r.count)::int AS n, count(*)::int AS rows FROM rollup_1m r JOIN series s ON s.id = r.series_id WHERE s.cluster = 'resume'`,
  );
  expect(minutes).toEqual([{ n: 3 * 5 * SHARDS, rows: 5 * SHARDS }]);
}

describe.each(BACKENDS)("a rollup flush cut short on %s", (kind) => {
  let db: TTestDatabase;
  let svc: TelemetryService | undefined;
  beforeEach(async () => {
    db = await migratedDatabase(kind);
  });
  afterEach(async () => {
    await svc?.stop();
    svc = undefined;
    await db.drop();
  });

  it("resumes from its journal after the process dies part-way, counting every sample once", { timeout: 120_000 }, async () => {
    const cfg = telemetryConfig();
    const sql = faulty(db.sql);
    const crashed = await startTelemetry({ ...db, sql }, cfg, NOW);
    await crashed.ingest(samples(), "push");
    sql.arm(3);
    await expect(crashed.flush()).rejects.toThrow(/injected/);
    expect(sql.seen()).toBe(4); // three chunks are in, the fourth failed
    expect(existsSync(journalPath(path.join(cfg.dataDir, "wal")))).toBe(true);
    // The process is gone (no stop()); a new one starts on the same folder and database.
    svc = await startTelemetry(db, { ...cfg }, NOW);
    expect(existsSync(journalPath(path.join(cfg.dataDir, "wal")))).toBe(false);
    await svc.flush();
    await expectExactlyOnce(db);
  });

  it.each([
    [2, "finishes a failed flush on the next one, in the same process"],
    [0, "keeps every sample when the flush fails before its first chunk"],
  ])("after %i chunks: %s", { timeout: 120_000 }, async (chunksIn) => {
    const sql = faulty(db.sql);
    svc = await startTelemetry({ ...db, sql }, telemetryConfig(), NOW);
    await svc.ingest(samples(), "push");
    sql.arm(chunksIn);
    await expect(svc.flush()).rejects.toThrow(/injected/);
    sql.heal();
    await svc.flush();
    await expectExactlyOnce(db);
  });
});
