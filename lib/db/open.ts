import { spawn } from "node:child_process";
import { existsSync, mkdirSync } from "node:fs";
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
  /** Bytes of this process's memory the database itself holds: PGlite's WebAssembly memory, which
   *  grows with what the database has done and is never given back; 0 for a PostgreSQL server. */
  memoryBytes(): number;
  close(): Promise<void>;
};

export type TOpenOptions = {
  url?: string | undefined;
  dataDir: string;
  poolSize?: number;
  /** The embedded database's shared_buffers (a PostgreSQL size such as "32MB"); PGlite's own default is 128MB. */
  pgliteSharedBuffers?: string;
};

// PGlite touches all of shared_buffers as it fills, in this process: at its 128MB default an opened
// database held ~100 MB more RSS than at 32MB, and ~140 MB more after writing a 150 MB table. Pages
// beyond it stay in the OS page cache, a read() away. SHARDWATCH_PGLITE_SHARED_BUFFERS overrides it.
export const PGLITE_SHARED_BUFFERS = "32MB";

/** Opens the embedded PGlite database (no url) or a PostgreSQL server (url), and checks it answers. */
export async function openDatabase(opts: TOpenOptions): Promise<TDatabase> {
  return opts.url ? openPostgres(opts.url, opts.poolSize ?? 10) : openPglite(opts.dataDir, opts.pgliteSharedBuffers ?? PGLITE_SHARED_BUFFERS);
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
    memoryBytes: () => 0,
    async close() {
      await prisma.$disconnect();
      await pool.end();
    },
  };
}

/**
 * Runs initdb for a new PGlite folder in a short-lived child process. PGlite keeps what initdb used:
 * measured, a new database holds 870 MB RSS after opening where an existing one holds 340 MB, and
 * closing it gives back only part of that. A child's memory goes back to the system when it exits.
 */
export async function createPgliteDir(dir: string): Promise<void> {
  if (existsSync(path.join(dir, "PG_VERSION"))) return;
  const code = `const { PGlite } = await import("@electric-sql/pglite"); const db = await PGlite.create(process.argv[1]); await db.close();`;
  const child = spawn(process.execPath, ["--input-type=module", "-e", code, dir], { stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  child.stderr.on("data", (d: Buffer) => void (stderr.length < 8000 && (stderr += d.toString())));
  const status = await new Promise<number | null>((resolve) => {
    child.once("error", () => resolve(null));
    child.once("exit", resolve);
  });
  // Opening in this process then creates it instead (and reports why it cannot). The child finds
  // @electric-sql/pglite from the working directory: the app's folder, as `npm start` runs it.
  if (status !== 0) {
    const why = /^\w*Error\b.*$/m.exec(stderr)?.[0] ?? (stderr.trim().split("\n").pop() || `exit ${status}`);
    console.warn(`[shardwatch] creating the PGlite database in a child process failed (${why}); creating it in this process`);
  }
}

async function openPglite(dataDir: string, sharedBuffers: string): Promise<TDatabase> {
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
    if (!inMemory) await createPgliteDir(dir);
    client = await PGlite.create(dir, { startParams: [...PGlite.defaultStartParams, "-c", `shared_buffers=${sharedBuffers}`] });
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
    // `mod` (the Emscripten module) is protected in PGlite's types; its heap is the WASM memory.
    memoryBytes: () => (client as unknown as { mod?: { HEAPU8?: Uint8Array } }).mod?.HEAPU8?.byteLength ?? 0,
    async close() {
      await prisma.$disconnect();
      await client.close();
      release();
    },
  };
}
