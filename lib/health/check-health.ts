import { migrationStatus } from "@/lib/db";
import { processSingleton } from "@/lib/process-singleton";
import type { TRuntime } from "@/lib/runtime";

const MIGRATION_CHECK_MS = 10_000;
const lastCheck = processSingleton<{ value?: TMigrationCheck }>("migrationCheck", () => ({}));
type TMigrationCheck = { at: number; pending: string[]; unknown: string[] };

export type THealth = {
  status: "ok" | "unavailable";
  uptimeSeconds: number;
  checks: {
    database: { status: "ok" | "down"; kind: string; latencyMs: number; error?: string };
    migrations: { status: "current" | "pending" | "ahead" | "unknown"; pending: string[]; unknown: string[] };
  };
};

// The migration history changes only on deploys: it is read at most every 10 s, the ping every time.
async function migrations(rt: TRuntime, now: number): Promise<TMigrationCheck> {
  const cached = lastCheck.value;
  if (cached && now - cached.at < MIGRATION_CHECK_MS) return cached;
  const status = await migrationStatus(rt.db.sql, rt.migrations);
  lastCheck.value = { at: now, pending: status.pending, unknown: status.unknown };
  return lastCheck.value;
}

/** Liveness and readiness: the process answers, the database answers, migrations are current. */
export async function checkHealth(rt: TRuntime, now = Date.now()): Promise<THealth> {
  const started = performance.now();
  let database: THealth["checks"]["database"];
  let mig: THealth["checks"]["migrations"] = { status: "unknown", pending: [], unknown: [] };
  try {
    await rt.db.sql.query("SELECT 1");
    database = { status: "ok", kind: rt.db.kind, latencyMs: Math.round((performance.now() - started) * 100) / 100 };
    const m = await migrations(rt, now);
    mig = { status: m.unknown.length ? "ahead" : m.pending.length ? "pending" : "current", pending: m.pending, unknown: m.unknown };
  } catch (err) {
    database = { status: "down", kind: rt.db.kind, latencyMs: Math.round(performance.now() - started), error: (err as Error).message };
  }
  const ok = database.status === "ok" && mig.status === "current";
  return { status: ok ? "ok" : "unavailable", uptimeSeconds: Math.round((now - rt.startedAt) / 1000), checks: { database, migrations: mig } };
}
