// npm run bench:rollup-flush: the once-a-minute rollup flush at scale, and what it does to every other
// query. RollupStore.write gets one closed minute of 10 s deltas for SERIES series (default 70,000:
// the 10,000-shard cluster with its replicas and cache nodes), FLUSHES times, each a new minute. While
// it runs, a probe sends `SELECT 1` through the same database every 10 ms: its worst wait is how long
// a dashboard query or a proposal waits behind the flush. PGlite on a temp folder on disk, and
// PostgreSQL when BENCH_DATABASE_URL names a fresh database of its own (the bench migrates it).
// The peer: the same rows as one plain INSERT per chunk into a scratch table (no merge, no index),
// the floor any flush design pays for writing them.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { loadMigrations, migrate, openDatabase, type TDatabase } from "@/lib/db";
import { BUCKET_10S, BUCKET_1M, type TAgg, type TDeltas } from "@/lib/telemetry/rollup-aggregator";
import { RollupStore } from "@/lib/telemetry/rollup-store";
import { median, quantile } from "./lib/server";

const SERIES = Number(process.env.SERIES ?? 70_000);
const FLUSHES = Number(process.env.FLUSHES ?? 3);
const T0 = Math.floor(Date.now() / BUCKET_1M) * BUCKET_1M - 60 * BUCKET_1M;

function minuteOfDeltas(minute: number): TDeltas {
  const out: TDeltas = new Map();
  for (let i = 0; i < SERIES; i++) {
    const buckets = new Map<number, TAgg>();
    for (let b = 0; b < 6; b++) {
      const v = (i % 97) + b;
      buckets.set(minute + b * BUCKET_10S, { count: 2, min: v, max: v + 1, sum: 2 * v + 1, last: v + 1, lastTs: minute + b * BUCKET_10S + 9_000 });
    }
    out.set(`shard.qps|c|s${i}`, { metric: "shard.qps", labels: { cluster: "c", shard: `s${i}` }, buckets });
  }
  return out;
}

/** Runs `work` while probing the database every 10 ms; returns the work's time and the probe's waits. */
async function probed(db: TDatabase, work: () => Promise<unknown>): Promise<{ ms: number; probeP99: number; probeMax: number }> {
  const waits: number[] = [];
  let running = true;
  const probe = (async () => {
    while (running) {
      const t = performance.now();
      await db.sql.query("SELECT 1");
      waits.push(performance.now() - t);
      await new Promise((r) => setTimeout(r, 10));
    }
  })();
  const t0 = performance.now();
  await work();
  const ms = performance.now() - t0;
  running = false;
  await probe;
  waits.sort((a, b) => a - b);
  return { ms, probeP99: quantile(waits, 0.99), probeMax: waits[waits.length - 1] ?? 0 };
}

async function run(name: string, db: TDatabase): Promise<void> {
  await migrate(db.sql, loadMigrations());
  const store = new RollupStore(db.sql, { chunkRows: db.kind === "pglite" ? 500 : 5_000 });
  const flush: { ms: number; probeP99: number; probeMax: number }[] = [];
  for (let f = 0; f < FLUSHES; f++) {
    const deltas = minuteOfDeltas(T0 + f * BUCKET_1M);
    flush.push(await probed(db, () => store.write(deltas, { instance: "bench", segment: f + 1, watermark: T0 + (f + 1) * BUCKET_1M })));
  }
  await db.sql.exec(`CREATE TEMP TABLE scratch (series_id int, bucket bigint, count int, min float8, max float8, sum float8, last float8, last_ts bigint)`);
  const rows = SERIES * 6;
  const chunk = db.kind === "pglite" ? 500 : 5_000;
  const ids = Array.from({ length: chunk }, (_, i) => i);
  const nums = Array.from({ length: chunk }, (_, i) => i % 97);
  const peer = await probed(db, async () => {
    for (let at = 0; at < rows; at += chunk) {
      await db.sql.query(
        `INSERT INTO scratch SELECT * FROM unnest($1::int[], $2::bigint[], $3::int[], $4::float8[], $5::float8[], $6::float8[], $7::float8[], $8::bigint[])`,
        [ids, nums.map((n) => T0 + n), nums, nums, nums, nums, nums, nums.map((n) => T0 + n)],
      );
      await new Promise((r) => setImmediate(r));
    }
  });
  const m = (k: "ms" | "probeP99" | "probeMax") => median(flush.map((x) => x[k]));
  console.log(
    `\n${name}: ${SERIES.toLocaleString()} series × 6 buckets = ${rows.toLocaleString()} 10 s rows + ${SERIES.toLocaleString()} 1 min rows per flush; median of ${FLUSHES} flushes`,
  );
  console.log(
    `  flush:        ${m("ms").toFixed(0)} ms (${((m("ms") * 1000) / (rows + SERIES)).toFixed(1)} µs/row); a concurrent SELECT 1 waited p99 ${m("probeP99").toFixed(1)} ms, at worst ${m("probeMax").toFixed(0)} ms`,
  );
  console.log(
    `  peer (plain INSERT of the 10 s rows, no merge): ${peer.ms.toFixed(0)} ms (${((peer.ms * 1000) / rows).toFixed(1)} µs/row); probe p99 ${peer.probeP99.toFixed(1)} ms, worst ${peer.probeMax.toFixed(0)} ms`,
  );
}

const dir = mkdtempSync(path.join(tmpdir(), "sw-bench-flush-"));
const lite = await openDatabase({ dataDir: dir, pgliteSharedBuffers: process.env.SHARDWATCH_PGLITE_SHARED_BUFFERS });
await run("PGlite (disk)", lite);
await lite.close();
rmSync(dir, { recursive: true, force: true });
if (process.env.BENCH_DATABASE_URL) {
  const pgdb = await openDatabase({ url: process.env.BENCH_DATABASE_URL, dataDir: "unused", poolSize: 4 });
  await run("PostgreSQL", pgdb);
  await pgdb.close();
}
