import { ConfigError, getEnv } from "@/lib/env";
import { DatabaseUnavailableError, MigrationStateError } from "@/lib/db";
import { getRuntime } from "@/lib/runtime";

const KNOWN = [ConfigError, DatabaseUnavailableError, MigrationStateError];

function oneLine(err: unknown): string {
  if (KNOWN.some((k) => err instanceof k)) return (err as Error).message;
  const e = err as Error;
  return `unexpected start-up failure: ${e?.message ?? String(err)}`.replace(/\s+/g, " ");
}

/** Boots Shardwatch for the server process; on failure prints one human line and exits non-zero. */
export async function bootOrExit(): Promise<void> {
  try {
    const env = getEnv();
    const rt = await getRuntime();
    process.stdout.write(`Shardwatch ready on ${env.baseUrl} (${rt.db.where})\n`);
    if (rt.setupLink) {
      process.stdout.write(`\n  No users yet. Create the first admin (one-time link, valid 24 h):\n  ${rt.setupLink}\n\n`);
    }
    const close = () =>
      void Promise.resolve(rt.sim?.shutdown())
        .catch(() => undefined)
        .then(() => rt.scraper.stop())
        .then(() => rt.status.stop())
        .then(() => rt.webhooks.stop())
        .then(() => rt.mitigations.stop())
        .then(() => rt.detection.stop())
        .then(() => rt.telemetry.stop())
        .then(() => rt.db.close())
        .finally(() => process.exit(0));
    process.once("SIGTERM", close);
    process.once("SIGINT", close);
  } catch (err) {
    process.stderr.write(`shardwatch: ${oneLine(err)}\n`);
    if (process.env.SHARDWATCH_LOG_LEVEL === "debug") console.error(err);
    process.exit(1);
  }
}
