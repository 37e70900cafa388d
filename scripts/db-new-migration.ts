// npm run db:new-migration -- <name>: writes the SQL that takes the checked-in migrations to schema.prisma.
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { loadMigrations, migrate, MIGRATIONS_DIR } from "@/lib/db/migrate";
import { diffDatabaseToSchema } from "@/lib/db/schema-diff";
import { pgliteRunner } from "@/lib/db/sql-runner";

const name = (process.argv[2] ?? "").replace(/[^a-z0-9_]/gi, "_").toLowerCase();
if (!name) {
  console.error("usage: npm run db:new-migration -- <name>");
  process.exit(2);
}
const client = await PGlite.create();
await migrate(pgliteRunner(client), loadMigrations());
const sql = await diffDatabaseToSchema(new PrismaPGlite(client));
await client.close();
if (!sql) {
  console.log("schema.prisma matches the migrations; nothing to write.");
  process.exit(0);
}
const stamp = new Date().toISOString().replace(/[-:T]/g, "").slice(0, 14);
const dir = path.join(MIGRATIONS_DIR, `${stamp}_${name}`);
mkdirSync(dir, { recursive: true });
writeFileSync(path.join(dir, "migration.sql"), sql + "\n");
writeFileSync(path.join(MIGRATIONS_DIR, "migration_lock.toml"), 'provider = "postgresql"\n');
console.log(`wrote ${path.relative(process.cwd(), dir)}/migration.sql`);
