import { randomBytes } from "node:crypto";
import type { TAuth } from "@/lib/auth/auth";
import { createAuth } from "@/lib/auth/auth";
import type { TDatabase } from "@/lib/db";
import { loadMigrations, migrate, openDatabase, watchDatabaseMemory } from "@/lib/db";
import type { TMigration } from "@/lib/db/migrate";
import type { TEnv } from "@/lib/env";
import { getEnv } from "@/lib/env";
import { log } from "@/lib/log";
import { randomUUID } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { getScrapeConfig, startScrapeScheduler, type TScrapeScheduler } from "@/lib/scrape";
import { loadPromMapping } from "@/lib/telemetry/prom/mapping-load";
import { createPromMapper } from "@/lib/telemetry/prom/mapping";
import { TelemetryService, type TTelemetryConfig } from "@/lib/telemetry/service";
import { ensureBootstrapToken } from "@/lib/tokens";
import type { TControlPlane } from "@/lib/control-plane/types";
import { controlPlaneFromEnv } from "@/lib/control-plane/from-env";
import { ConfigError } from "@/lib/env";
import { SimRunner } from "@/lib/sim/runner";
import { loadScenarios } from "@/lib/sim/scenarios";
import { loadSimSettings, saveSimSettings, simulatorEnabled } from "@/lib/sim/settings";
import type { TScenario } from "@/lib/sim/scenario";
import { ensureAdmin, prepareSetupLink } from "@/lib/users";
import { DetectionService } from "@/lib/detection/live/service";
import { MitigationService } from "@/lib/mitigation/service";
import { startExternalAlertExpiry } from "@/lib/integrations/alertmanager";
import { StatusService } from "@/lib/status/service";
import { getWebhookConfig, WebhookDeliverer } from "@/lib/webhooks";
import { wireEventSources } from "@/lib/webhooks/event-sources";

// The process-wide runtime: validated env, open and migrated database, auth. Kept on globalThis
// because Next.js may evaluate this module in more than one bundle of the same process.
export type TRuntime = {
  env: TEnv;
  db: TDatabase;
  auth: TAuth;
  telemetry: TelemetryService;
  scraper: TScrapeScheduler;
  /** Live rule evaluation over the window store. */
  detection: DetectionService;
  /** The built-in simulated cluster, or null when SHARDWATCH_SIMULATOR is off. */
  sim: SimRunner | null;
  /** Where mitigations act: a real control plane over HTTP, or the simulator's. */
  controlPlane: TControlPlane | null;
  /** Proposals from firing alerts, the orchestrator and the shard registry. */
  mitigations: MitigationService;
  /** Maintenance on schedule and draft notices from lasting SLO breaches. */
  status: StatusService;
  /** Sends the webhook outbox (signed, retried, leased so instances never double-send). */
  webhooks: WebhookDeliverer;
  startedAt: number;
  /** The migrations this build ships, read once at start-up. */
  migrations: TMigration[];
  setupLink: string | null;
};

/** A stable id for this data folder: the WAL checkpoint in a shared database is kept per instance. */
function instanceId(dataDir: string): string {
  const file = path.join(dataDir, "instance-id");
  if (existsSync(file)) return readFileSync(file, "utf8").trim();
  mkdirSync(dataDir, { recursive: true });
  const id = randomUUID();
  writeFileSync(file, id);
  return id;
}

export function telemetryConfig(env: TEnv): TTelemetryConfig {
  return {
    dataDir: env.SHARDWATCH_DATA_DIR,
    instance: env.SHARDWATCH_INSTANCE_ID ?? instanceId(env.SHARDWATCH_DATA_DIR),
    fsync: env.SHARDWATCH_WAL_FSYNC,
    queueCapacity: env.SHARDWATCH_INGEST_QUEUE_SAMPLES,
    maxInFlight: env.SHARDWATCH_INGEST_MAX_IN_FLIGHT,
    maxInFlightBytes: env.SHARDWATCH_INGEST_MAX_IN_FLIGHT_BYTES,
    rollupBacklog: env.SHARDWATCH_ROLLUP_BACKLOG_BUCKETS,
    windowMs: env.SHARDWATCH_WINDOW_MINUTES * 60_000,
    flushIntervalMs: env.SHARDWATCH_ROLLUP_FLUSH_SECONDS * 1000,
    keep10sMs: env.SHARDWATCH_ROLLUP_10S_RETENTION_HOURS * 3_600_000,
    keep1mMs: env.SHARDWATCH_ROLLUP_1M_RETENTION_DAYS * 86_400_000,
    decodeThreads: env.SHARDWATCH_INGEST_DECODE_THREADS,
    flushShare: env.SHARDWATCH_ROLLUP_FLUSH_SHARE,
  };
}

const KEY = Symbol.for("shardwatch.runtime");
type THolder = { [KEY]?: Promise<TRuntime> };

async function authSecret(db: TDatabase, env: TEnv): Promise<string> {
  if (env.SHARDWATCH_AUTH_SECRET) return env.SHARDWATCH_AUTH_SECRET;
  const generated = randomBytes(32).toString("base64url");
  await db.prisma.setting.upsert({ where: { key: "auth_secret" }, create: { key: "auth_secret", value: generated }, update: {} });
  const row = await db.prisma.setting.findUniqueOrThrow({ where: { key: "auth_secret" } });
  return row.value;
}

async function startSimulator(db: TDatabase, env: TEnv, scenarios: TScenario[], telemetry: TelemetryService): Promise<SimRunner> {
  const settings = await loadSimSettings(
    db,
    env,
    scenarios.map((s) => s.name),
  );
  const runner = new SimRunner(
    {
      scenarios,
      ingest: (samples) => telemetry.ingest(samples, "simulator"),
      save: (s) => saveSimSettings(db, s),
      intervalMs: env.SHARDWATCH_SIM_INTERVAL_SECONDS * 1000,
      backfillMs: env.SHARDWATCH_SIM_BACKFILL_MINUTES * 60_000,
    },
    settings,
  );
  // Not awaited: the backfill of recent history must not hold up the server's start.
  if (settings.running) void runner.start().catch((err: unknown) => log.warn("the simulator could not start", { err }));
  return runner;
}

export async function boot(env: TEnv = getEnv()): Promise<TRuntime> {
  // Every setting is validated before anything is opened.
  const scrape = getScrapeConfig();
  const webhookConfig = getWebhookConfig();
  const mapping = loadPromMapping(process.env);
  const realControlPlane = controlPlaneFromEnv(env);
  const scenarios = simulatorEnabled(env) ? loadScenarios() : [];
  if (scenarios.length && !scenarios.some((s) => s.name === env.SHARDWATCH_SIM_SCENARIO)) {
    throw new ConfigError(
      `Invalid configuration: SHARDWATCH_SIM_SCENARIO names no scenario (got "${env.SHARDWATCH_SIM_SCENARIO}"; available: ${scenarios.map((s) => s.name).join(", ")})`,
    );
  }
  const db = await openDatabase({
    url: env.DATABASE_URL,
    dataDir: env.SHARDWATCH_DATA_DIR,
    poolSize: env.DATABASE_POOL_SIZE,
    pgliteSharedBuffers: env.SHARDWATCH_PGLITE_SHARED_BUFFERS,
  });
  watchDatabaseMemory(db);
  try {
    const migrations = loadMigrations();
    const applied = await migrate(db.sql, migrations);
    if (applied.length) log.info("database migrated", { applied });
    const auth = createAuth({ prisma: db.prisma, env, secret: await authSecret(db, env) });
    if (env.SHARDWATCH_ADMIN_EMAIL && env.SHARDWATCH_ADMIN_PASSWORD) {
      const admin = await ensureAdmin(db.prisma, { email: env.SHARDWATCH_ADMIN_EMAIL, password: env.SHARDWATCH_ADMIN_PASSWORD });
      if (admin === "created") log.info("admin account created", { email: env.SHARDWATCH_ADMIN_EMAIL });
    }
    if (env.SHARDWATCH_BOOTSTRAP_TOKEN) await ensureBootstrapToken(db.prisma, env.SHARDWATCH_BOOTSTRAP_TOKEN);
    const setupLink = await prepareSetupLink(db.prisma, env.baseUrl);
    const telemetry = await TelemetryService.start(db, { ...telemetryConfig(env), promMapping: mapping });
    const scraper = startScrapeScheduler({
      db: db.prisma,
      ingest: (samples, source) => telemetry.ingest(samples, source),
      mapperFactory: () => createPromMapper(mapping),
      policy: scrape.policy,
      maxBytes: scrape.maxBytes,
    });
    const detection = await DetectionService.start(db.prisma, telemetry.store, {
      evalIntervalMs: env.SHARDWATCH_EVAL_INTERVAL_SECONDS * 1000,
      latenessMs: env.SHARDWATCH_ALLOWED_LATENESS_SECONDS * 1000,
      staleMs: env.SHARDWATCH_STALE_AFTER_SECONDS * 1000,
      snapshotMs: 15_000,
    });
    const sim = scenarios.length ? await startSimulator(db, env, scenarios, telemetry) : null;
    const controlPlane = realControlPlane ?? sim?.controlPlane ?? null;
    const mitigations = await MitigationService.start({
      db: db.prisma,
      store: telemetry.store,
      detection,
      plane: () => controlPlane,
      cfg: {
        policy: { ttlMs: env.SHARDWATCH_MITIGATION_TTL_MINUTES * 60_000, secondApprover: env.SHARDWATCH_MITIGATION_SECOND_APPROVER },
        guard: {
          maxConcurrentPerCluster: env.SHARDWATCH_MITIGATION_MAX_CONCURRENT,
          maxShardsTouched: env.SHARDWATCH_MITIGATION_MAX_SHARDS,
          breakerAfterFailures: env.SHARDWATCH_MITIGATION_BREAKER_FAILURES,
          verifyAfterMs: env.SHARDWATCH_MITIGATION_VERIFY_SECONDS * 1000,
        },
        tickMs: 1000,
        staleMs: env.SHARDWATCH_STALE_AFTER_SECONDS * 1000,
      },
    });
    startExternalAlertExpiry(db.prisma);
    const status = await StatusService.start({
      db: db.prisma,
      detection,
      cfg: { tickMs: 5_000, draftAfterMs: env.SHARDWATCH_NOTICE_DRAFT_AFTER_SECONDS * 1000 },
    });
    const { policy, timeoutMs, maxBytes, retryMs, disableAfter, concurrency } = webhookConfig;
    const webhooks = WebhookDeliverer.start({ db: db.prisma, policy, timeoutMs, maxBytes, disableAfter, concurrency, backoff: { retryMs } });
    wireEventSources({ db: db.prisma, baseUrl: env.baseUrl, detection, status });
    return {
      env,
      db,
      auth,
      telemetry,
      scraper,
      detection,
      sim,
      controlPlane,
      mitigations,
      status,
      webhooks,
      startedAt: Date.now(),
      migrations,
      setupLink,
    };
  } catch (err) {
    await db.close().catch(() => undefined);
    throw err;
  }
}

/** The runtime, booting it on first use. */
export function getRuntime(): Promise<TRuntime> {
  const holder = globalThis as THolder;
  holder[KEY] ??= boot();
  return holder[KEY];
}

export function setRuntime(rt: Promise<TRuntime>): void {
  (globalThis as THolder)[KEY] = rt;
}
