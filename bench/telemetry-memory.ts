// npm run bench:telemetry-memory: where the telemetry pipeline's memory goes at issue #3's memory scale
// (10 clusters × 1,000 shards × 5 metrics, 20,000 replicas, 200 cache nodes: 70,600 series; MINUTES of
// 5 s samples, default 30), in this process and without Next.js, so each part can be read apart:
// the database open (the floor, printed first: PGlite runs in this process, PostgreSQL with
// BENCH_DATABASE_URL, a fresh database of its own, does not), then the JS heap, the window store's
// typed arrays and the process RSS as the load goes in, a closed minute flushed at a time.
// bench:memory measures the whole server process; this says what it is made of.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { loadMigrations, migrate, openDatabase } from "@/lib/db";
import type { TSample } from "@/lib/telemetry/sample";
import { TelemetryService } from "@/lib/telemetry/service";

const MINUTES = Number(process.env.MINUTES ?? 30);
const DB_URL = process.env.BENCH_DATABASE_URL ?? "";
const mb = (n: number) => `${(n / 2 ** 20).toFixed(0)} MB`.padStart(7);
function report(label: string, svc?: TelemetryService): void {
  const m = process.memoryUsage();
  const st = svc?.store.stats();
  console.log(
    `${label.padEnd(26)} RSS ${mb(m.rss)}  JS heap used ${mb(m.heapUsed)} (of ${mb(m.heapTotal)})  external ${mb(m.external)} (ArrayBuffers ${mb(m.arrayBuffers)})` +
      (st ? `  window: ${st.series.toLocaleString()} series, ${mb(st.bytes)}` : ""),
  );
}

report("start");
const dir = mkdtempSync(path.join(tmpdir(), "sw-bench-telmem-"));
const db = DB_URL ? await openDatabase({ url: DB_URL, dataDir: "unused", poolSize: 4 }) : await openDatabase({ dataDir: path.join(dir, "pglite") });
await migrate(db.sql, loadMigrations());
report(`database open (${DB_URL ? "PostgreSQL" : "PGlite"})`);
const svc = await TelemetryService.start(db, {
  dataDir: dir,
  instance: "bench",
  fsync: false,
  queueCapacity: 1e6,
  rollupBacklog: 1e9,
  windowMs: 30 * 60_000,
  flushIntervalMs: 3_600_000, // flushed by hand, a minute at a time
  keep10sMs: 48 * 3_600_000,
  keep1mMs: 30 * 86_400_000,
});
const STEP = 5_000;
const now = Math.floor(Date.now() / 60_000) * 60_000;
for (let t = now - MINUTES * 60_000; t < now; t += STEP) {
  const batch: TSample[] = [];
  const add = async (s: TSample) => {
    batch.push(s);
    if (batch.length === 1000) await svc.ingest(batch.splice(0), "push");
  };
  for (let c = 0; c < 10; c++) {
    for (let s = 0; s < 1000; s++) {
      await add({ type: "shard", cluster: `scale-${c}`, shard: `s-${s}`, node: `db-${s % 40}`, ts: t, qps: 1000 + ((s * 7919) % 500), p99Ms: 10 + (s % 13), cpu: 0.5, iops: 300, errorRate: 0.001 });
      for (const r of [1, 2]) await add({ type: "replica", cluster: `scale-${c}`, shard: `s-${s}`, replica: `s-${s}-r${r}`, ts: t, lagSeconds: ((s * r) % 7) / 10 });
    }
  }
  for (let n = 0; n < 200; n++) await add({ type: "cache", cluster: `cache-${n % 4}`, node: `c-${n}`, ts: t, hitsPerSec: 9000 + n, missesPerSec: 100, evictionsPerSec: n % 5 });
  if (batch.length) await svc.ingest(batch.splice(0), "push");
  if ((t + STEP) % 60_000 === 0) {
    await svc.flush(t + STEP + 3_000);
    const left = (now - t - STEP) / 60_000;
    if (left % 5 === 0) report(`${MINUTES - left} of ${MINUTES} min loaded`, svc);
  }
}
await svc.stop();
report("stopped (window still held)", svc);
await db.close();
rmSync(dir, { recursive: true, force: true });
