import { randomBytes } from "node:crypto";
import pg from "pg";
import { loadMigrations, migrate, openDatabase, type TDatabase, type TDatabaseKind } from "@/lib/db";

// Each test gets its own database: an in-memory PGlite, or a PostgreSQL database created for it
// on the local server (TEST_DATABASE_URL) and dropped afterwards.
export const BACKENDS: TDatabaseKind[] = ["pglite", "postgres"];
export const ADMIN_URL = process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";

export type TTestDatabase = TDatabase & { url?: string; drop(): Promise<void> };

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

/** A fresh, empty database of that kind (not migrated). */
export async function emptyDatabase(kind: TDatabaseKind): Promise<TTestDatabase> {
  if (kind === "pglite") {
    const db = await openDatabase({ dataDir: "memory://" });
    return { ...db, drop: () => db.close() };
  }
  const name = `sw_test_${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = withDatabase(ADMIN_URL, name);
  const db = await openDatabase({ url, dataDir: "unused", poolSize: 4 });
  return {
    ...db,
    url,
    async drop() {
      await db.close();
      const c = new pg.Client({ connectionString: ADMIN_URL });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

/** A fresh database with every migration applied. */
export async function migratedDatabase(kind: TDatabaseKind): Promise<TTestDatabase> {
  const db = await emptyDatabase(kind);
  await migrate(db.sql, loadMigrations());
  return db;
}
