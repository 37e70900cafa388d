import type { TSqlRunner } from "@/lib/db/sql-runner";
import { yieldToRequests } from "@/lib/steps";
import type { TSeriesLabels } from "./points";
import { BUCKET_10S, BUCKET_1M, mergeAgg, type TAgg, type TDeltas } from "./rollup-aggregator";
import { chunkCount, makeColumns, type TColumns, type TFlushPlan } from "./flush-journal";
import { noteRollupChange } from "./rollup-changes";

// Rollups in the database, written with one array-parameter statement per chunk: measured 15-25x
// faster than Prisma createMany for 1,000-row batches (bench/db-write.ts). Both tables take the same
// merge (count and sum add, min/max widen, last follows the newest timestamp), so 1-minute rows are
// built from the very 10 s deltas of each flush: exactly once, late samples included, no rescans.
// Each chunk is its own short transaction (see flush-journal.ts for how that stays exactly once).

const upsert = (table: string) => `INSERT INTO ${table} (series_id, bucket, count, min, max, sum, last, last_ts)
  SELECT * FROM unnest($1::int[], $2::bigint[], $3::int[], $4::float8[], $5::float8[], $6::float8[], $7::float8[], $8::bigint[])
  ON CONFLICT (series_id, bucket) DO UPDATE SET
    count = ${table}.count + excluded.count, sum = ${table}.sum + excluded.sum,
    min = LEAST(${table}.min, excluded.min), max = GREATEST(${table}.max, excluded.max),
    last = CASE WHEN excluded.last_ts >= ${table}.last_ts THEN excluded.last ELSE ${table}.last END,
    last_ts = GREATEST(${table}.last_ts, excluded.last_ts)`;
const UPSERT_10S = upsert("rollup_10s");
const UPSERT_1M = upsert("rollup_1m");


export type TCheckpoint = { instance: string; segment: number; watermark: number };
/** The checkpoint and how far the flush `flushId` got: chunks up to `flushChunk` are in. */
export type TFlushProgress = TCheckpoint & { flushId: number; flushChunk: number };
export type TRefillRow = { key: string; metric: string; labels: TSeriesLabels; bucket: number; avg: number };

/**
 * `chunkRows`: rows per statement; an embedded (same-thread) database stalls requests for as long as one
 * runs. `share`: the part of the thread a flush may take (1: all of it). An embedded database's minute
 * flush of 50,000 series is ~6 s of the thread: at full speed, ingest fell to a third for those seconds.
 * Below 1, the flush rests after each statement (rest = statement time × (1 / share − 1)) for at most
 * `paceForMs` from its start, then runs flat out so a flush never falls behind the next one. `paced`
 * (asked after each statement) turns pacing off, for flushes at start-up and shutdown.
 */
export type TRollupStoreOptions = { chunkRows: number; share?: number; paceForMs?: number; rest?: (ms: number) => Promise<void> };

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export class RollupStore {
  private ids = new Map<string, number>();

  constructor(
    private readonly sql: TSqlRunner,
    private readonly opts: TRollupStoreOptions = { chunkRows: 2_000 },
  ) {}

  async readCheckpoint(instance: string): Promise<TFlushProgress> {
    const rows = await this.sql.query<{ segment: string; watermark: string; flush_id: string; flush_chunk: number }>(
      `SELECT segment::text, watermark::text, flush_id::text, flush_chunk FROM wal_checkpoints WHERE instance = $1`,
      [instance],
    );
    const r = rows[0];
    return { instance, segment: Number(r?.segment ?? 0), watermark: Number(r?.watermark ?? 0), flushId: Number(r?.flush_id ?? 0), flushChunk: r?.flush_chunk ?? -1 };
  }

  /** Ids for the series this process has not seen yet, creating missing ones a chunk (one short transaction) at a time. */
  private async resolveSeries(deltas: TDeltas): Promise<void> {
    const missing = [...deltas].filter(([key]) => !this.ids.has(key));
    for (let at = 0; at < missing.length; at += this.opts.chunkRows) {
      const part = missing.slice(at, at + this.opts.chunkRows);
      const rows = await this.sql.query<{ id: number; key: string }>(
        `INSERT INTO series (key, metric, cluster, labels)
         SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::jsonb[])
         ON CONFLICT (key) DO UPDATE SET labels = excluded.labels RETURNING id, key`,
        [part.map(([k]) => k), part.map(([, d]) => d.metric), part.map(([, d]) => d.labels.cluster), part.map(([, d]) => JSON.stringify(d.labels))],
      );
      for (const r of rows) this.ids.set(r.key, r.id);
      await yieldToRequests();
    }
  }

  /**
   * The rows a flush merges: the deltas' 10 s buckets and the 1 min buckets they fall in. Creates the
   * series it needs first (idempotent), so the plan holds only numbers and can be journaled.
   */
  async plan(deltas: TDeltas, head: { id: number; segment: number; watermark: number }): Promise<TFlushPlan> {
    await this.resolveSeries(deltas);
    let rows = 0;
    for (const d of deltas.values()) rows += d.buckets.size;
    const tens = makeColumns(() => new Float64Array(rows));
    const minutes = makeColumns(() => new Float64Array(rows));
    let [n10, n1, first, last] = [0, 0, Infinity, -Infinity];
    const byMinute = new Map<number, TAgg>();
    let seen = 0;
    for (const [key, d] of deltas) {
      if (++seen % 5_000 === 0) await yieldToRequests();
      const id = this.ids.get(key)!;
      byMinute.clear();
      for (const [bucket, a] of d.buckets) {
        put(tens, n10++, id, bucket, a);
        if (bucket < first) first = bucket;
        if (bucket > last) last = bucket;
        const minute = bucket - (bucket % BUCKET_1M);
        const m = byMinute.get(minute);
        if (m) mergeAgg(m, a);
        else byMinute.set(minute, { ...a });
      }
      for (const [minute, a] of byMinute) put(minutes, n1++, id, minute, a);
    }
    return { ...head, chunkRows: this.opts.chunkRows, tens, minutes: makeColumns((i) => minutes[i]!.subarray(0, n1)), first, last, next: 0 };
  }

  /**
   * Merges the plan's chunks from `plan.next` on, each in its own short transaction that also records
   * its number, then records the plan's checkpoint. Resumable: after a failure, call again.
   */
  async apply(instance: string, plan: TFlushPlan, onChunk: (rowsLeft: number) => void = () => undefined, paced: () => boolean = () => true): Promise<number> {
    const counts = chunkCount(plan);
    const total = counts.tens + counts.minutes;
    const from = plan.next;
    const rowsLeft = () =>
      Math.max(0, plan.tens[0].length - plan.next * plan.chunkRows) + Math.max(0, plan.minutes[0].length - Math.max(0, plan.next - counts.tens) * plan.chunkRows);
    onChunk(rowsLeft());
    const share = this.opts.share ?? 1;
    const paceUntil = performance.now() + (this.opts.paceForMs ?? 30_000);
    try {
      while (plan.next < total) {
        const chunkStarted = performance.now();
        const c = plan.next;
        const [statement, cols, at] = c < counts.tens ? [UPSERT_10S, plan.tens, c * plan.chunkRows] : [UPSERT_1M, plan.minutes, (c - counts.tens) * plan.chunkRows];
        const params = cols.map((col) => Array.from(col.subarray(at, at + plan.chunkRows)));
        await this.sql.transaction(async (tx) => {
          await tx.query(statement, params);
          await tx.query(
            `INSERT INTO wal_checkpoints (instance, segment, watermark, flush_id, flush_chunk, updated_at) VALUES ($1, 0, 0, $2, $3, now())
             ON CONFLICT (instance) DO UPDATE SET flush_id = excluded.flush_id, flush_chunk = excluded.flush_chunk, updated_at = now()`,
            [instance, plan.id, c],
          );
        });
        plan.next = c + 1;
        onChunk(rowsLeft());
        const now = performance.now();
        if (share < 1 && plan.next < total && now < paceUntil && paced()) await (this.opts.rest ?? sleep)(Math.min((now - chunkStarted) * (1 / share - 1), paceUntil - now));
        else await yieldToRequests();
      }
      await this.sql.query(
        `INSERT INTO wal_checkpoints (instance, segment, watermark, flush_id, flush_chunk, updated_at) VALUES ($1, $2, $3, $4, $5, now())
         ON CONFLICT (instance) DO UPDATE SET segment = excluded.segment, watermark = excluded.watermark,
           flush_id = excluded.flush_id, flush_chunk = excluded.flush_chunk, updated_at = now()`,
        [instance, plan.segment, plan.watermark, plan.id, total - 1],
      );
    } finally {
      // The 1 min rows of those buckets changed too: from the start of the first one's minute.
      if (plan.next > from && plan.first <= plan.last) noteRollupChange(this.sql, plan.first - (plan.first % BUCKET_1M), plan.last + BUCKET_1M);
    }
    return plan.tens[0].length;
  }

  /** Plans and applies the deltas at once, without a journal (seeding and tests). */
  async write(deltas: TDeltas, checkpoint: TCheckpoint, flushId = 0): Promise<number> {
    return this.apply(checkpoint.instance, await this.plan(deltas, { id: flushId, segment: checkpoint.segment, watermark: checkpoint.watermark }));
  }

  async applyRetention(now: number, keep10sMs: number, keep1mMs: number): Promise<void> {
    await this.sql.query(`DELETE FROM rollup_10s WHERE bucket < $1`, [now - keep10sMs]);
    await this.sql.query(`DELETE FROM rollup_1m WHERE bucket < $1`, [now - keep1mMs]);
    noteRollupChange(this.sql, -Infinity, now - Math.min(keep10sMs, keep1mMs));
  }

  /** 10 s rollups since `from`, as one averaged point per bucket, to refill the window on start. */
  async loadRecent(from: number): Promise<TRefillRow[]> {
    const rows = await this.sql.query<{ id: number; key: string; metric: string; labels: TSeriesLabels; bucket: string; avg: number }>(
      `SELECT s.id, s.key, s.metric, s.labels, r.bucket::text, r.sum / r.count AS avg
       FROM rollup_10s r JOIN series s ON s.id = r.series_id WHERE r.bucket >= $1 ORDER BY r.bucket`,
      [Math.floor(from / BUCKET_10S) * BUCKET_10S],
    );
    for (const r of rows) this.ids.set(r.key, r.id);
    return rows.map((r) => ({ key: r.key, metric: r.metric, labels: r.labels, bucket: Number(r.bucket), avg: r.avg }));
  }
}

function put(cols: TColumns, i: number, id: number, bucket: number, a: TAgg): void {
  cols[0][i] = id;
  cols[1][i] = bucket;
  cols[2][i] = a.count;
  cols[3][i] = a.min;
  cols[4][i] = a.max;
  cols[5][i] = a.sum;
  cols[6][i] = a.last;
  cols[7][i] = a.lastTs;
}
