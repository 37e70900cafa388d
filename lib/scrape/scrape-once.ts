import { AppError, RateLimitedError } from "@/lib/errors";
import type { PrismaClient } from "@/lib/generated/prisma/client.ts";
import { log } from "@/lib/log";
import { FetchFailedError, guardedFetchText } from "@/lib/net/guarded-fetch";
import type { TResolve, TUrlPolicy } from "@/lib/net/url-guard";
import { UrlRefusedError } from "@/lib/net/url-guard";
import { ExpositionError, parseExposition } from "@/lib/telemetry/prom/exposition";
import type { TPromMapper, TPromSeries } from "@/lib/telemetry/prom/types";
import type { TIngestSource } from "@/lib/telemetry/ingest";
import type { TSample } from "@/lib/telemetry/sample";

export type TIngest = (samples: TSample[], source: TIngestSource) => Promise<unknown>;
export type TScrapeJob = { id: string; name: string; url: string; timeoutSeconds: number; cluster: string | null };
export type TScrapeDeps = {
  db: PrismaClient;
  ingest: TIngest;
  policy: TUrlPolicy;
  maxBytes: number;
  now: () => number;
  resolve?: TResolve;
  signal?: AbortSignal;
};

const ACCEPT = "text/plain;version=0.0.4;q=1,*/*;q=0.1";
const MAX_ERROR_LENGTH = 500;

/** Prometheus's target labels: `instance` (host:port) and `job`, plus the target's default cluster; a series' own labels win. */
export function withTargetLabels(series: TPromSeries[], job: TScrapeJob): TPromSeries[] {
  const url = new URL(job.url);
  const extra: Record<string, string> = { instance: url.host, job: job.name };
  if (job.cluster) extra.cluster = job.cluster;
  return series.map((s) => ({ ...s, labels: { ...extra, ...s.labels } }));
}

/** A one-line reason a person can act on; unexpected errors are logged in full. */
export function describeScrapeError(err: unknown, job: TScrapeJob): string {
  let message: string;
  if (err instanceof UrlRefusedError || err instanceof FetchFailedError || err instanceof ExpositionError) message = err.message;
  else if (err instanceof RateLimitedError) message = `ingest is overloaded, samples dropped: ${err.message}`;
  else if (err instanceof AppError) message = `samples were rejected: ${err.message}`;
  else {
    log.error("scrape failed unexpectedly", { target: job.id, err });
    message = `internal error: ${err instanceof Error ? err.message : String(err)}`;
  }
  return message.length > MAX_ERROR_LENGTH ? `${message.slice(0, MAX_ERROR_LENGTH - 1)}…` : message;
}

async function fetchAndIngest(job: TScrapeJob, mapper: TPromMapper, deps: TScrapeDeps, at: number): Promise<number> {
  const res = await guardedFetchText(job.url, {
    policy: deps.policy,
    timeoutMs: job.timeoutSeconds * 1000,
    maxBytes: deps.maxBytes,
    resolve: deps.resolve,
    signal: deps.signal,
    headers: { accept: ACCEPT, "user-agent": "Shardwatch-scraper/1", "x-prometheus-scrape-timeout-seconds": String(job.timeoutSeconds) },
  });
  const series = withTargetLabels(parseExposition(res.text, { now: at }), job);
  const { samples } = mapper.map(series, at);
  if (samples.length) await deps.ingest(samples, "scrape");
  return samples.length;
}

export type TScrapeOutcome = { ok: true; samples: number; durationMs: number } | { ok: false; error: string; durationMs: number } | { ok: "cancelled" };

/**
 * Scrapes one target (guard check, fetch, parse, map, ingest) and records the outcome on its row.
 * The row is only written while it still has the scraped URL (an edit resets its history).
 */
export async function scrapeOnce(job: TScrapeJob, mapper: TPromMapper, deps: TScrapeDeps): Promise<TScrapeOutcome> {
  const at = deps.now();
  const started = performance.now();
  let outcome: Exclude<TScrapeOutcome, { ok: "cancelled" }>;
  try {
    const samples = await fetchAndIngest(job, mapper, deps, at);
    outcome = { ok: true, samples, durationMs: Math.round(performance.now() - started) };
  } catch (err) {
    if (err instanceof FetchFailedError && err.kind === "cancelled") return { ok: "cancelled" };
    outcome = { ok: false, error: describeScrapeError(err, job), durationMs: Math.round(performance.now() - started) };
  }
  const common = { lastScrapeAt: new Date(at), lastDurationMs: outcome.durationMs };
  const data = outcome.ok
    ? { ...common, lastSuccessAt: new Date(at), lastError: null, lastSampleCount: outcome.samples, consecutiveFailures: 0 }
    : { ...common, lastError: outcome.error, lastSampleCount: 0, consecutiveFailures: { increment: 1 } };
  await deps.db.scrapeTarget.updateMany({ where: { id: job.id, url: job.url }, data });
  return outcome;
}
