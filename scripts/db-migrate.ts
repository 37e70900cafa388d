// npm run db:migrate: apply prisma/migrations to the configured database (the server also does this at start).
import { loadMigrations, migrate, openDatabase } from "@/lib/db";
import { getEnv } from "@/lib/env";

try {
  const env = getEnv();
  const db = await openDatabase({ url: env.DATABASE_URL, dataDir: env.SHARDWATCH_DATA_DIR, pgliteSharedBuffers: env.SHARDWATCH_PGLITE_SHARED_BUFFERS });
  try {
    const applied = await migrate(db.sql, loadMigrations());
    console.log(applied.length ? `applied ${applied.join(", ")} to ${db.where}` : `${db.where} is up to date`);
  } finally {
    await db.close();
  }
} catch (err) {
  console.error(`shardwatch: ${(err as Error).message}`);
  process.exit(1);
}
