// npm run bench:db: write throughput of both backends for the batch sizes the app uses (single audit
// rows; 100- and 1000-row batches as rollup flushes will be), through Prisma createMany, each batch its
// own transaction. PGlite on a temp folder on disk; PostgreSQL at TEST_DATABASE_URL in a temp database.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { loadMigrations, migrate, openDatabase, type TDatabase } from "@/lib/db";
import { median } from "./lib/server";

const ADMIN_URL = process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const ROWS = Number(process.env.ROWS ?? 20_000);
const RUNS = Number(process.env.RUNS ?? 5);
const BATCHES = [1, 100, 1000];

async function rowsPerSecond(db: TDatabase, batch: number): Promise<number> {
  const data = Array.from({ length: batch }, (_, i) => ({ actorType: "system" as const, actorLabel: "bench", action: `bench.${i}`, targetType: "bench" }));
  const total = batch === 1 ? Math.min(ROWS, 2000) : ROWS;
  const t0 = performance.now();
  for (let done = 0; done < total; done += batch) await db.prisma.auditLog.createMany({ data });
  return total / ((performance.now() - t0) / 1000);
}

/** The same rows as one INSERT ... SELECT FROM unnest(arrays) statement: the raw-SQL peer. */
async function rowsPerSecondUnnest(db: TDatabase, batch: number): Promise<number> {
  const labels = Array.from({ length: batch }, (_, i) => `bench.${i}`);
  const total = batch === 1 ? Math.min(ROWS, 2000) : ROWS;
  const sql = `INSERT INTO audit_log (actor_type, actor_label, action, target_type)
    SELECT 'system'::"ActorType", 'bench', a, 'bench' FROM unnest($1::text[]) AS a`;
  const t0 = performance.now();
  for (let done = 0; done < total; done += batch) await db.sql.query(sql, [labels]);
  return total / ((performance.now() - t0) / 1000);
}

async function withBackends(fn: (name: string, db: TDatabase) => Promise<void>) {
  const dir = mkdtempSync(path.join(tmpdir(), "sw-bench-db-"));
  const lite = await openDatabase({ dataDir: dir });
  await migrate(lite.sql, loadMigrations());
  await fn("PGlite (disk)", lite);
  await lite.close();
  rmSync(dir, { recursive: true, force: true });

  const name = `sw_bench_${Date.now()}`;
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  const real = await openDatabase({ url: url.toString(), dataDir: "unused" });
  await migrate(real.sql, loadMigrations());
  await fn("PostgreSQL 127.0.0.1", real);
  await real.close();
  await admin.query(`DROP DATABASE ${name} WITH (FORCE)`);
  await admin.end();
}

console.log(`rows/s, one statement (transaction) per batch, median of ${RUNS} runs:`);
await withBackends(async (label, db) => {
  for (const [how, fn] of [["Prisma createMany", rowsPerSecond], ["raw SQL unnest", rowsPerSecondUnnest]] as const) {
    const cells: string[] = [];
    for (const batch of BATCHES) {
      const runs: number[] = [];
      for (let r = 0; r < RUNS; r++) runs.push(await fn(db, batch));
      cells.push(`batch ${batch}: ${Math.round(median(runs)).toLocaleString("en")}`);
    }
    console.log(`  ${label.padEnd(22)} ${how.padEnd(18)} ${cells.join("   ")}`);
  }
});
