import { PrismaPGlite } from "pglite-prisma-adapter";
import { PGlite } from "@electric-sql/pglite";
import { afterEach, describe, expect, it } from "vitest";
import { loadMigrations, migrate, migrationStatus, MigrationStateError } from "@/lib/db";
import { diffDatabaseToSchema } from "@/lib/db/schema-diff";
import { pgliteRunner } from "@/lib/db/sql-runner";
import { BACKENDS, emptyDatabase, type TTestDatabase } from "./helpers/databases";
import { describeSchema } from "./helpers/describe-schema";

describe.each(BACKENDS)("migrations on %s", (kind) => {
  let db: TTestDatabase | undefined;
  afterEach(async () => {
    await db?.drop();
    db = undefined;
  });

  it("brings a fresh database exactly to schema.prisma (no drift)", async () => {
    db = await emptyDatabase(kind);
    const applied = await migrate(db.sql, loadMigrations());
    expect(applied).toEqual(loadMigrations().map((m) => m.name));
    // Prisma's schema engine (WASM) diffs a migrated PGlite against schema.prisma; for PostgreSQL
    // (whose adapter cannot serve the engine's catalog queries) the migrated catalog must equal PGlite's.
    const reference = await PGlite.create();
    try {
      await migrate(pgliteRunner(reference), loadMigrations());
      expect(await diffDatabaseToSchema(new PrismaPGlite(reference))).toBe("");
      expect(await describeSchema(db.sql)).toBe(await describeSchema(pgliteRunner(reference)));
    } finally {
      await reference.close();
    }
  });

  it("is idempotent and records Prisma-compatible history", async () => {
    db = await emptyDatabase(kind);
    await migrate(db.sql, loadMigrations());
    expect(await migrate(db.sql, loadMigrations())).toEqual([]);
    const status = await migrationStatus(db.sql, loadMigrations());
    expect(status.pending).toEqual([]);
    const rows = await db.sql.query<{ checksum: string }>(`SELECT checksum FROM "_prisma_migrations"`);
    expect(rows.map((r) => r.checksum)).toEqual(loadMigrations().map((m) => m.checksum));
  });

  it("refuses a database migrated by a newer version", async () => {
    db = await emptyDatabase(kind);
    const migrations = loadMigrations();
    await migrate(db.sql, [...migrations, { name: "29991231000000_from_the_future", sql: "SELECT 1", checksum: "f".repeat(64) }]);
    await expect(migrate(db.sql, migrations)).rejects.toThrow(MigrationStateError);
    await expect(migrate(db.sql, migrations)).rejects.toThrow(/29991231000000_from_the_future.*newer version/);
  });

  it("refuses a migration edited after it was applied", async () => {
    db = await emptyDatabase(kind);
    const migrations = loadMigrations();
    await migrate(db.sql, migrations);
    const edited = migrations.map((m, i) => (i === 0 ? { ...m, checksum: "0".repeat(64) } : m));
    await expect(migrate(db.sql, edited)).rejects.toThrow(/changed after it was applied/);
  });

  it("applies nothing when one pending migration fails", async () => {
    db = await emptyDatabase(kind);
    const broken = [...loadMigrations(), { name: "29990101000000_broken", sql: "CREATE TABLE oops (", checksum: "a".repeat(64) }];
    await expect(migrate(db.sql, broken)).rejects.toThrow();
    expect((await migrationStatus(db.sql, loadMigrations())).applied).toEqual([]);
  });
});
