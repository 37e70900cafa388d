import type { PrismaClient } from "@/lib/generated/prisma/client.ts";
import { log } from "@/lib/log";
import type { TResolve, TUrlPolicy } from "@/lib/net/url-guard";
import type { TPromMapper } from "@/lib/telemetry/prom/types";
import { onScrapeTargetsChanged } from "./changes";
import { scrapeOnce, type TIngest, type TScrapeDeps, type TScrapeJob } from "./scrape-once";

export type TScrapeSchedulerOptions = {
  db: PrismaClient;
  ingest: TIngest;
  /** One mapper per target (mappers keep counter state between scrapes). */
  mapperFactory: () => TPromMapper;
  policy: TUrlPolicy;
  maxBytes?: number;
  /** The clock for scrape timestamps (ms); scheduling itself runs on timers. */
  now?: () => number;
  maxConcurrent?: number;
  reloadMs?: number;
  tickMs?: number;
  /** 0 ≤ r < 1; a new target's first scrape is delayed by r × its interval, spreading load. */
  random?: () => number;
  resolve?: TResolve;
};
export type TScrapeScheduler = { stop(): Promise<void> };

type TEntry = { job: TScrapeJob; intervalMs: number; nextAt: number; busy: boolean; mapper: TPromMapper };
type TRow = TScrapeJob & { intervalSeconds: number };

const SELECT = { id: true, name: true, url: true, intervalSeconds: true, timeoutSeconds: true, cluster: true } as const;
export const SCRAPE_DEFAULTS = { maxBytes: 10 * 1024 * 1024, maxConcurrent: 8, reloadMs: 10_000, tickMs: 250 } as const;

function syncEntries(entries: Map<string, TEntry>, rows: TRow[], opts: TScrapeSchedulerOptions, random: () => number): void {
  const t = Date.now();
  const seen = new Set<string>();
  for (const { intervalSeconds, ...job } of rows) {
    seen.add(job.id);
    const intervalMs = intervalSeconds * 1000;
    const entry = entries.get(job.id);
    const firstAt = t + Math.floor(random() * intervalMs);
    if (!entry) {
      entries.set(job.id, { job, intervalMs, nextAt: firstAt, busy: false, mapper: opts.mapperFactory() });
      continue;
    }
    // Updated in place: a scrape in flight keeps its own job and mapper, and `busy` stays true.
    if (entry.job.url !== job.url) Object.assign(entry, { nextAt: firstAt, mapper: opts.mapperFactory() });
    else if (entry.intervalMs !== intervalMs) entry.nextAt = Math.min(entry.nextAt, t + intervalMs);
    entry.job = job;
    entry.intervalMs = intervalMs;
  }
  for (const id of entries.keys()) if (!seen.has(id)) entries.delete(id);
}

class ScrapeScheduler implements TScrapeScheduler {
  private readonly entries = new Map<string, TEntry>();
  private readonly inFlight = new Set<Promise<void>>();
  private readonly controller = new AbortController();
  private readonly deps: TScrapeDeps;
  private readonly timer: ReturnType<typeof setInterval>;
  private readonly unsubscribe: () => void;
  private reloading: Promise<void> | null = null;
  private reloadAt = 0;
  private stopped = false;

  constructor(private readonly opts: TScrapeSchedulerOptions) {
    const { db, ingest, policy, resolve } = opts;
    const maxBytes = opts.maxBytes ?? SCRAPE_DEFAULTS.maxBytes;
    this.deps = { db, ingest, policy, resolve, maxBytes, now: opts.now ?? Date.now, signal: this.controller.signal };
    this.unsubscribe = onScrapeTargetsChanged(() => (this.reloadAt = 0));
    this.timer = setInterval(() => this.tick(), opts.tickMs ?? SCRAPE_DEFAULTS.tickMs);
    this.timer.unref?.();
    this.tick();
  }

  private reload(): void {
    this.reloading = this.opts.db.scrapeTarget
      .findMany({ where: { enabled: true }, select: SELECT })
      .then((rows) => (this.stopped ? undefined : syncEntries(this.entries, rows, this.opts, this.opts.random ?? Math.random)))
      .catch((err: unknown) => log.warn("could not load scrape targets; keeping the current list", { err }))
      .finally(() => {
        this.reloading = null;
        this.reloadAt = Date.now() + (this.opts.reloadMs ?? SCRAPE_DEFAULTS.reloadMs);
      });
  }

  private run(entry: TEntry): void {
    entry.busy = true;
    const done = scrapeOnce(entry.job, entry.mapper, this.deps)
      .then(() => undefined)
      .catch((err: unknown) => log.warn("could not record a scrape", { target: entry.job.id, err }))
      .finally(() => {
        entry.busy = false;
        this.inFlight.delete(done);
      });
    this.inFlight.add(done);
  }

  private tick(): void {
    if (this.stopped) return;
    const t = Date.now();
    if (!this.reloading && t >= this.reloadAt) this.reload();
    const maxConcurrent = this.opts.maxConcurrent ?? SCRAPE_DEFAULTS.maxConcurrent;
    for (const entry of this.entries.values()) {
      if (this.inFlight.size >= maxConcurrent) break;
      if (entry.busy || t < entry.nextAt) continue;
      // Keep the cadence; after a stall (queue, slow database) skip the missed slots instead of bursting.
      entry.nextAt = entry.nextAt + entry.intervalMs > t ? entry.nextAt + entry.intervalMs : t + entry.intervalMs;
      this.run(entry);
    }
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    clearInterval(this.timer);
    this.unsubscribe();
    this.controller.abort(new Error("scrape scheduler stopped"));
    await Promise.allSettled([...this.inFlight, this.reloading]);
  }
}

/**
 * Scrapes every enabled target at its interval (never two scrapes of one target at once, at most
 * `maxConcurrent` in flight) and re-reads the target table every `reloadMs` and on local changes.
 * `stop()` cancels scrapes in flight (their outcome is not recorded) and resolves when all settled.
 */
export function startScrapeScheduler(opts: TScrapeSchedulerOptions): TScrapeScheduler {
  return new ScrapeScheduler(opts);
}
