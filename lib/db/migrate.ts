import { createHash, randomUUID } from "node:crypto";
import { readdirSync, readFileSync, existsSync } from "node:fs";
import path from "node:path";
import { MigrationStateError } from "./errors";
import type { TSqlRunner } from "./sql-runner";

// Applies prisma/migrations with plain SQL, keeping Prisma's `_prisma_migrations` table and checksums,
// so no native schema engine is needed (air-gapped installs) and `prisma migrate status` still reads it.

export type TMigration = { name: string; sql: string; checksum: string };
export type TMigrationStatus = { applied: string[]; pending: string[]; unknown: string[]; failed: string[] };

export const MIGRATIONS_DIR = path.join(process.cwd(), "prisma", "migrations");
const LOCK_KEY = 7_305_112_947; // advisory lock id shared by every Shardwatch instance

const HISTORY_DDL = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
  "id" VARCHAR(36) PRIMARY KEY NOT NULL,
  "checksum" VARCHAR(64) NOT NULL,
  "finished_at" TIMESTAMPTZ,
  "migration_name" VARCHAR(255) NOT NULL,
  "logs" TEXT,
  "rolled_back_at" TIMESTAMPTZ,
  "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
  "applied_steps_count" INTEGER NOT NULL DEFAULT 0
)`;

export function loadMigrations(dir = MIGRATIONS_DIR): TMigration[] {
  if (!existsSync(/*turbopackIgnore: true*/ dir)) throw new MigrationStateError(`Migrations folder not found: ${dir}`);
  return readdirSync(/*turbopackIgnore: true*/ dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(/*turbopackIgnore: true*/ path.join(dir, d.name, "migration.sql")))
    .map((d) => d.name)
    .sort()
    .map((name) => {
      const sql = readFileSync(/*turbopackIgnore: true*/ path.join(dir, name, "migration.sql"), "utf8");
      return { name, sql, checksum: createHash("sha256").update(sql).digest("hex") };
    });
}

type THistoryRow = { migration_name: string; checksum: string; finished_at: Date | null; rolled_back_at: Date | null };

async function readHistory(sql: TSqlRunner): Promise<THistoryRow[]> {
  const exists = await sql.query<{ t: string | null }>(`SELECT to_regclass('"_prisma_migrations"')::text AS t`);
  if (!exists[0]?.t) return [];
  return sql.query<THistoryRow>(
    `SELECT migration_name, checksum, finished_at, rolled_back_at FROM "_prisma_migrations" WHERE rolled_back_at IS NULL ORDER BY started_at`,
  );
}

/** Compares the database's history with the migrations this build ships. */
export async function migrationStatus(sql: TSqlRunner, migrations: TMigration[]): Promise<TMigrationStatus> {
  const rows = await readHistory(sql);
  const known = new Map(migrations.map((m) => [m.name, m]));
  const done = new Set(rows.filter((r) => r.finished_at).map((r) => r.migration_name));
  for (const row of rows) {
    const m = known.get(row.migration_name);
    if (m && row.finished_at && m.checksum !== row.checksum) {
      throw new MigrationStateError(`Migration ${row.migration_name} was changed after it was applied (checksum differs)`);
    }
  }
  return {
    applied: migrations.filter((m) => done.has(m.name)).map((m) => m.name),
    pending: migrations.filter((m) => !done.has(m.name)).map((m) => m.name),
    unknown: [...done].filter((name) => !known.has(name)),
    failed: rows.filter((r) => !r.finished_at).map((r) => r.migration_name),
  };
}

/** Applies every pending migration, each in its own transaction; refuses a database from the future. */
export async function migrate(sql: TSqlRunner, migrations: TMigration[] = loadMigrations()): Promise<string[]> {
  await sql.exec(HISTORY_DDL);
  return sql.transaction(async (tx) => {
    await tx.query("SELECT pg_advisory_xact_lock($1)", [LOCK_KEY]);
    const status = await migrationStatus(tx, migrations);
    if (status.unknown.length) {
      throw new MigrationStateError(
        `The database has migrations this version of Shardwatch does not know (${status.unknown.join(", ")}); it was used by a newer version. Upgrade Shardwatch or point it at another database`,
      );
    }
    if (status.failed.length) {
      throw new MigrationStateError(`Migration ${status.failed.join(", ")} failed earlier and needs manual repair`);
    }
    for (const name of status.pending) {
      const m = migrations.find((x) => x.name === name)!;
      await tx.exec(m.sql);
      await tx.query(
        `INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, applied_steps_count) VALUES ($1, $2, now(), $3, 1)`,
        [randomUUID(), m.checksum, m.name],
      );
    }
    return status.pending;
  });
}
