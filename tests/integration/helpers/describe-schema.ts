import type { TSqlRunner } from "@/lib/db/sql-runner";

/** A canonical text of the public schema (enums, columns, indexes, constraints, triggers) for comparison. */
export async function describeSchema(sql: TSqlRunner): Promise<string> {
  const parts = await Promise.all([
    sql.query(`SELECT t.typname, string_agg(e.enumlabel, ',' ORDER BY e.enumsortorder) AS labels
      FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid JOIN pg_namespace n ON n.oid = t.typnamespace
      WHERE n.nspname = 'public' GROUP BY t.typname ORDER BY t.typname`),
    sql.query(`SELECT table_name, column_name, data_type, udt_name, is_nullable, column_default
      FROM information_schema.columns WHERE table_schema = 'public' ORDER BY table_name, column_name`),
    sql.query(`SELECT tablename, indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' ORDER BY tablename, indexname`),
    sql.query(`SELECT conrelid::regclass::text AS tbl, conname, pg_get_constraintdef(oid) AS def
      FROM pg_constraint WHERE connamespace = 'public'::regnamespace AND contype <> 'n' ORDER BY 1, 2`),
    sql.query(`SELECT tgname, tgrelid::regclass::text AS tbl FROM pg_trigger WHERE NOT tgisinternal ORDER BY 1`),
  ]);
  // NOT NULL lives in the column list: PostgreSQL 18 (PGlite) also catalogs it as a constraint, 15 does not.
  return parts.map((rows) => rows.map((r) => JSON.stringify(r)).join("\n")).join("\n--\n");
}
