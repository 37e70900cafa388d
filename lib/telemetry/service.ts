import path from "node:path";
import type { TDatabase } from "@/lib/db";
import { RateLimitedError } from "@/lib/errors";
import { log } from "@/lib/log";
import type { TIngestSource } from "./ingest";
import { IngestAdmission, type TIngestTicket } from "./admission";
import { telemetryMetrics } from "./metrics";
import { applySample, applyShardColumns } from "./apply-sample";
import type { TDecodedPush } from "./push-decode";
import type { TPromMappingConfig } from "./prom/mapping-config";
import { PushDecoder } from "./push-decode-pool";
import { BUCKET_10S, BUCKET_1M, RollupAggregator } from "./rollup-aggregator";
import { readJournal, removeJournal, writeJournal, type TFlushPlan } from "./flush-journal";
import { RollupStore } from "./rollup-store";
import type { TSample } from "./sample";
import { TopologyRegistry } from "./topology";
import { WindowStore, type TSeriesEntry } from "./window-store";
import { WriteAheadLog } from "./wal";
import { decodeWalRecord, recordCount } from "./wal-record";

export type TTelemetryConfig = {
  dataDir: string;
  instance: string;
  fsync: boolean;
  queueCapacity: number;
  /** Pushes being read, decoded or made durable at once, and the bytes they hold, before a new one gets 429. */
  maxInFlight?: number;
  maxInFlightBytes?: number;
  /** 10 s buckets waiting for the database beyond which pushes get 429 (bounds memory on backfills). */
  rollupBacklog: number;
  windowMs: number;
  flushIntervalMs: number;
  keep10sMs: number;
  keep1mMs: number;
  /** Worker threads that decode JSON pushes and remote_write bodies; 0 decodes on the main thread. */
  decodeThreads?: number;
  /** Maps remote_write series to samples (default: the built-in mapping). */
  promMapping?: TPromMappingConfig;
  /** The part of the thread an embedded database's rollup flush may take while the server runs (1: all). */
  flushShare?: number;
};

// Rollups go to the database a closed minute at a time (ended GRACE_MS ago; late samples merge later):
// one 1 min row per series and minute instead of one per 10 s flush, and one watermark keeps it exactly once.
const GRACE_MS = 2_000;

/**
 * Ingest → write-ahead log (durable, then acknowledged) → window store + rollup deltas → database.
 * Only the 10 s buckets of closed minutes are flushed; a WAL segment is deleted once every sample
 * in it is flushed.
 * A flush is journaled, then written in short transactions (flush-journal.ts).
 * On start: finish a journaled flush, refill the window from 10 s rollups, then replay the WAL,
 * aggregating only what the checkpoint says is not in the database yet.
 */
export class TelemetryService {
  readonly store: WindowStore;
  private readonly agg = new RollupAggregator();
  private readonly topology = new TopologyRegistry();
  private readonly rollups: RollupStore;
  private readonly metrics = telemetryMetrics();
  private queued = 0;
  private flushing: Promise<void> | null = null;
  private timers: NodeJS.Timeout[] = [];
  /** Newest 10 s bucket among the samples of each retained WAL segment. */
  private segmentMaxBucket = new Map<number, number>();
  /** The last flush id used; a journaled flush not yet wholly in the database. */
  private flushId = 0;
  private pending: TFlushPlan | null = null;
  /** Flushes are paced while the server runs, not while it starts or stops. */
  private paced = false;
  /** Parses and validates JSON pushes, and decodes and maps remote_write, off the main thread when threads are configured. */
  readonly decoder: PushDecoder;
  private readonly admission: IngestAdmission;

  private constructor(
    private readonly db: TDatabase,
    private readonly wal: WriteAheadLog,
    readonly cfg: TTelemetryConfig,
  ) {
    this.store = new WindowStore({ retentionMs: cfg.windowMs, maxPointsPerSeries: 8192 });
    // ~500 rows keep one embedded-database statement near 25 ms; a server can take bigger ones.
    // An embedded database runs on this thread: its flushes are paced (rollup-store.ts); a server's are not.
    this.rollups = new RollupStore(db.sql, db.kind === "pglite" ? { chunkRows: 500, share: cfg.flushShare ?? 1 } : { chunkRows: 5_000 });
    this.admission = new IngestAdmission(cfg.maxInFlight ?? 64, cfg.maxInFlightBytes ?? 64 * 1024 * 1024, (requests, bytes) => {
      this.metrics.inFlightRequests.set(requests);
      this.metrics.inFlightBytes.set(bytes);
    });
    this.decoder = new PushDecoder(cfg.decodeThreads ?? 0, undefined, (n) => this.metrics.decodeThreads.set(n), cfg.promMapping);
  }

  static async start(db: TDatabase, cfg: TTelemetryConfig, now = Date.now()): Promise<TelemetryService> {
    const wal = await WriteAheadLog.open(path.join(cfg.dataDir, "wal"), { fsync: cfg.fsync });
    const svc = new TelemetryService(db, wal, cfg);
    await svc.finishPending();
    const checkpoint = await svc.rollups.readCheckpoint(cfg.instance);
    svc.flushId = checkpoint.flushId;
    for (const r of await svc.rollups.loadRecent(now - cfg.windowMs)) svc.store.put(r.key, r.metric, r.labels, r.bucket + 5_000, r.avg);
    let replayed = 0;
    for (const { segment, payload } of wal.replay()) {
      const record = decodeWalRecord(payload);
      svc.apply(record, now, segment, segment <= checkpoint.segment ? checkpoint.watermark : -Infinity);
      replayed += recordCount(record);
    }
    if (replayed) log.info("replayed the write-ahead log", { samples: replayed });
    await svc.flush();
    svc.schedule();
    return svc;
  }

  private schedule(): void {
    const every = (ms: number, fn: () => Promise<unknown> | void) => {
      const t = setInterval(() => void Promise.resolve(fn()).catch((err: unknown) => log.warn("telemetry job failed", { err })), ms);
      t.unref();
      this.timers.push(t);
    };
    this.paced = true;
    every(this.cfg.flushIntervalMs, () => this.flush());
    every(60_000, () => void this.store.gc(Date.now()));
    every(10 * 60_000, () => this.rollups.applyRetention(Date.now(), this.cfg.keep10sMs, this.cfg.keep1mMs));
  }

  /** Into the window and (unless the checkpoint says it is already rolled up) the rollup deltas. */
  private apply(batch: TSample[] | TDecodedPush, now: number, segment: number, flushedBefore = -Infinity): void {
    let maxBucket = this.segmentMaxBucket.get(segment) ?? -Infinity;
    const visit = (e: TSeriesEntry, ts: number, value: number) => {
      const bucket = ts - (ts % BUCKET_10S);
      if (bucket < flushedBefore) return;
      this.agg.addTo(e, ts, value);
      if (bucket > maxBucket) maxBucket = bucket;
    };
    const samples = Array.isArray(batch) ? batch : batch.others;
    for (const s of samples) if (applySample(this.store, s, now, visit)) this.topology.observe(s, now);
    if (!Array.isArray(batch) && batch.shards) applyShardColumns(this.store, batch.shards, now, visit, (s) => this.topology.observe(s, now));
    this.segmentMaxBucket.set(segment, maxBucket);
  }

  /**
   * Resolves when the samples are durable and visible; refuses (429) when the queue is full. A decoded
   * push (push-decode.ts) comes with its body as `walPayload`.
   */
  async ingest(batch: TSample[] | TDecodedPush, source: TIngestSource, walPayload?: Buffer): Promise<{ accepted: number }> {
    const count = Array.isArray(batch) ? batch.length : batch.count;
    if (!walPayload && !Array.isArray(batch)) throw new Error("a decoded push needs its body for the write-ahead log");
    if (this.queued + count > this.cfg.queueCapacity) {
      this.metrics.rejected.inc({ source, reason: "queue_full" }, count);
      throw new RateLimitedError(`The ingest queue is full (${this.queued} samples waiting); retry shortly`, 1);
    }
    if (this.agg.pendingBuckets > this.cfg.rollupBacklog) {
      this.metrics.rejected.inc({ source, reason: "rollups_behind" }, count);
      void this.flush().catch(() => undefined);
      throw new RateLimitedError(`Rollups are behind (${this.agg.pendingBuckets} buckets waiting for the database); retry shortly`, 2);
    }
    const started = performance.now();
    this.queued += count;
    this.metrics.queueDepth.set(this.queued);
    const payload = walPayload ?? Buffer.from(JSON.stringify(batch));
    try {
      await this.wal.append(payload, (segment) => this.apply(batch, Date.now(), segment));
    } finally {
      this.queued -= count;
      this.metrics.queueDepth.set(this.queued);
    }
    this.metrics.walBytes.inc(payload.length);
    this.metrics.accepted.inc({ source }, count);
    this.metrics.batchSeconds.observe((performance.now() - started) / 1000);
    return { accepted: count };
  }

  /**
   * Admits one push before its body is read (admission.ts), or refuses it with 429: too many pushes,
   * or too many bytes, are in flight. `declaredBytes` is its Content-Length (NaN when absent).
   */
  admit(source: TIngestSource, declaredBytes: number): TIngestTicket {
    try {
      return this.admission.enter(declaredBytes);
    } catch (err) {
      this.metrics.rejected.inc({ source, reason: "in_flight" });
      throw err;
    }
  }

  noteRejected(source: TIngestSource, reason: string, count = 1): void {
    this.metrics.rejected.inc({ source, reason }, count);
  }

  /** Moves closed rollup buckets to the database and drops the WAL segments wholly flushed. */
  flush(now = Date.now()): Promise<void> {
    this.flushing ??= this.doFlush(now).finally(() => (this.flushing = null));
    return this.flushing;
  }

  /** Applies the rest of a journaled flush: one that failed part-way in this process, or was cut off by a crash. */
  private async finishPending(): Promise<void> {
    if (!this.pending) {
      const journal = readJournal(this.wal.dir);
      if (!journal) return;
      const progress = await this.rollups.readCheckpoint(this.cfg.instance);
      this.pending = { ...journal, next: progress.flushId === journal.id ? progress.flushChunk + 1 : 0 };
      log.info("resuming a journaled rollup flush", { flush: journal.id, fromChunk: this.pending.next });
    }
    await this.rollups.apply(
      this.cfg.instance,
      this.pending,
      (left) => this.metrics.flushRowsLeft.set(left),
      () => this.paced,
    );
    removeJournal(this.wal.dir);
    this.pending = null;
  }

  private async doFlush(now: number): Promise<void> {
    const started = performance.now();
    await this.topology.flush(this.db.sql, now);
    await this.finishPending();
    const watermark = Math.floor((now - GRACE_MS) / BUCKET_1M) * BUCKET_1M;
    // Rotate only when the open segment holds samples; otherwise every delta is already in closed ones.
    const { closed, taken: detached } = this.segmentMaxBucket.has(this.wal.current)
      ? await this.wal.rotate(() => this.agg.detach(watermark))
      : { closed: this.wal.current - 1, taken: this.agg.detach(watermark) };
    const taken = await RollupAggregator.deltasOf(detached);
    let plan: TFlushPlan;
    try {
      plan = await this.rollups.plan(taken, { id: this.flushId + 1, segment: closed, watermark });
      if (plan.tens[0].length) await writeJournal(this.wal.dir, plan);
    } catch (err) {
      this.agg.restore(taken); // nothing of it reached the rollups
      this.metrics.flushFailures.inc();
      throw err;
    }
    // From here the journal owns these rows: a failure leaves it pending, and the next flush resumes it.
    this.flushId = plan.id;
    this.pending = plan;
    try {
      await this.finishPending();
    } catch (err) {
      this.metrics.flushFailures.inc();
      throw err;
    }
    const done = WriteAheadLog.list(this.wal.dir).filter((seg) => seg <= closed && (this.segmentMaxBucket.get(seg) ?? -Infinity) < watermark);
    await this.wal.delete(done);
    done.forEach((seg) => this.segmentMaxBucket.delete(seg));
    const stats = this.store.stats();
    this.metrics.bucketsWaiting.set(this.agg.pendingBuckets);
    this.metrics.series.set(stats.series);
    this.metrics.windowBytes.set(stats.bytes);
    this.metrics.flushSeconds.observe((performance.now() - started) / 1000);
  }

  async stop(): Promise<void> {
    this.timers.forEach(clearInterval);
    this.paced = false;
    await this.decoder.stop();
    await this.flush().catch((err: unknown) => log.warn("final flush failed; the write-ahead log keeps the data", { err }));
    await this.wal.close();
  }
}
