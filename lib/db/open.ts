import { mkdirSync } from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { PrismaClient } from "@/lib/generated/prisma/client.ts";
import { acquireDataDirLock } from "./data-dir-lock";
import { DatabaseUnavailableError } from "./errors";
import type { TSqlRunner } from "./sql-runner";
import { pgliteRunner, poolRunner } from "./sql-runner";

export type TDatabaseKind = "pglite" | "postgres";

export type TDatabase = {
  kind: TDatabaseKind;
  prisma: PrismaClient;
  sql: TSqlRunner;
  /** Human description without credentials, for logs and messages. */
  where: string;
  close(): Promise<void>;
};

export type TOpenOptions = { url?: string | undefined; dataDir: string; poolSize?: number };

/** Opens the embedded PGlite database (no url) or a PostgreSQL server (url), and checks it answers. */
export async function openDatabase(opts: TOpenOptions): Promise<TDatabase> {
  return opts.url ? openPostgres(opts.url, opts.poolSize ?? 10) : openPglite(opts.dataDir);
}

function describeUrl(url: string): string {
  try {
    const u = new URL(url);
    return `PostgreSQL at ${u.hostname}:${u.port || "5432"}${u.pathname}`;
  } catch {
    return "PostgreSQL (unparseable DATABASE_URL)";
  }
}

async function openPostgres(url: string, poolSize: number): Promise<TDatabase> {
  const where = describeUrl(url);
  const pool = new pg.Pool({ connectionString: url, max: poolSize, connectionTimeoutMillis: 5000 });
  pool.on("error", () => undefined); // idle-client errors surface on the next query instead of crashing
  try {
    await pool.query("select 1");
  } catch (err) {
    await pool.end().catch(() => undefined);
    const e = err as NodeJS.ErrnoException;
    throw new DatabaseUnavailableError(`Cannot reach ${where}: ${e.code ?? e.message}`);
  }
  const prisma = new PrismaClient({ adapter: new PrismaPg(pool) });
  return {
    kind: "postgres",
    prisma,
    sql: poolRunner(pool),
    where,
    async close() {
      await prisma.$disconnect();
      await pool.end();
    },
  };
}

async function openPglite(dataDir: string): Promise<TDatabase> {
  const inMemory = dataDir === "memory://";
  const dir = inMemory ? dataDir : path.resolve(dataDir, "pglite");
  const where = inMemory ? "PGlite in memory" : `PGlite at ${dir}`;
  let release: () => void = () => undefined;
  if (!inMemory) {
    try {
      mkdirSync(dir, { recursive: true });
    } catch (err) {
      throw new DatabaseUnavailableError(`Cannot create the data folder ${dir}: ${(err as Error).message}`);
    }
    release = acquireDataDirLock(path.resolve(dataDir));
  }
  let client: PGlite;
  try {
    client = await PGlite.create(dir);
  } catch (err) {
    release();
    throw new DatabaseUnavailableError(`Cannot open ${where}: ${(err as Error).message}`);
  }
  const prisma = new PrismaClient({ adapter: new PrismaPGlite(client) });
  return {
    kind: "pglite",
    prisma,
    sql: pgliteRunner(client),
    where,
    async close() {
      await prisma.$disconnect();
      await client.close();
      release();
    },
  };
}
