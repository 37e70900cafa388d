import type { PGlite, Transaction } from "@electric-sql/pglite";
import type pg from "pg";

/** Raw SQL for the few places Prisma cannot serve: migrations and multi-statement scripts. */
export type TSqlRunner = {
  exec(sql: string): Promise<void>;
  query<T>(sql: string, params?: unknown[]): Promise<T[]>;
  transaction<T>(fn: (tx: TSqlRunner) => Promise<T>): Promise<T>;
};

function pgliteTx(tx: Transaction): TSqlRunner {
  return {
    exec: async (sql) => void (await tx.exec(sql)),
    query: async <T>(sql: string, params?: unknown[]) => (await tx.query<T>(sql, params)).rows,
    transaction: (fn) => fn(pgliteTx(tx)),
  };
}

export function pgliteRunner(client: PGlite): TSqlRunner {
  return {
    exec: async (sql) => void (await client.exec(sql)),
    query: async <T>(sql: string, params?: unknown[]) => (await client.query<T>(sql, params)).rows,
    transaction: (fn) => client.transaction((tx) => fn(pgliteTx(tx))),
  };
}

function clientRunner(client: pg.PoolClient): TSqlRunner {
  return {
    exec: async (sql) => void (await client.query(sql)),
    query: async <T>(sql: string, params?: unknown[]) => (await client.query(sql, params)).rows as T[],
    transaction: (fn) => fn(clientRunner(client)),
  };
}

export function poolRunner(pool: pg.Pool): TSqlRunner {
  return {
    exec: async (sql) => void (await pool.query(sql)),
    query: async <T>(sql: string, params?: unknown[]) => (await pool.query(sql, params)).rows as T[],
    async transaction(fn) {
      const client = await pool.connect();
      try {
        await client.query("BEGIN");
        const out = await fn(clientRunner(client));
        await client.query("COMMIT");
        return out;
      } catch (err) {
        await client.query("ROLLBACK").catch(() => undefined);
        throw err;
      } finally {
        client.release();
      }
    },
  };
}
