// npm run bench:memory: the production server (PGlite by default, BENCH_DATABASE_URL for PostgreSQL)
// loaded by a separate process with 10,000 shards × 5 metrics + 20,000 replicas + 200 cache nodes
// over 30 minutes of 5 s samples (plus 30 more minutes for one 1,000-shard cluster). Prints the
// server's RSS (from /proc) two minutes after the load's rollups are in (and right after, with the
// backfill's garbage still in the heap) next to its RSS when idle (the peer: the same process, no data).
// npm run bench:query (QUERY_ONLY=1): only that 1,000-shard cluster over 1 h, then GET /api/v1/query
// latency over 1 h (median of the p95 of 5 rounds of 20) and GET /api/v1/series.
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { backfillFlushed, metricValue, startShardwatch, timeGet } from "./lib/server";

const TOKEN = "bench-scale-token-0123456789abcdef";
const DB_URL = process.env.BENCH_DATABASE_URL ?? "";
const rssMb = (pid: number) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? 0) / 1024;

const sw = await startShardwatch({ SHARDWATCH_BOOTSTRAP_TOKEN: TOKEN, DATABASE_URL: DB_URL, SHARDWATCH_INGEST_MAX_PAST_SECONDS: "7200" });
const pid = sw.child.pid!;
await new Promise((r) => setTimeout(r, 3000));
const idle = rssMb(pid);
const QUERY_ONLY = process.env.QUERY_ONLY === "1";
const load = spawnSync(
  process.execPath,
  ["--import", "tsx", path.join(import.meta.dirname, "lib/scale-load.ts"), `${sw.url}/api/v1/telemetry`, TOKEN, "30", "30", QUERY_ONLY ? "one-cluster" : "all"],
  {
    encoding: "utf8",
    maxBuffer: 1e6,
  },
);
if (load.status !== 0) throw new Error(load.stderr);
const loaded = JSON.parse(load.stdout.trim().split("\n").pop()!) as { sent: number; retries: number; seconds: number };
// The load pushes 30 (or 60) minutes in a few minutes; its rollups are merged a chunk at a time
// after it. Measure once they are in (as bench:dashboard does), the server then doing what it does
// every minute: the simulator's pushes, detection, one minute's flush.
const settle0 = performance.now();
await new Promise((r) => setTimeout(r, 12_000));
while (!(await backfillFlushed(sw.url)) && performance.now() - settle0 < 15 * 60_000) {
  if (sw.child.exitCode !== null || sw.child.signalCode)
    throw new Error(`the server exited (${sw.child.exitCode ?? sw.child.signalCode}) while its rollups were flushed`);
  await new Promise((r) => setTimeout(r, 2_000));
}
const settleSeconds = (performance.now() - settle0) / 1000;
// Right after the backfill the V8 heap still holds its garbage (measured: 723 MB used, RSS 1,705 MB);
// V8 gives it back within a minute or two of ordinary load, at a moment its memory reducer picks (one
// run was still at 1,739 MB a minute on). The figure is the server at rest with the window full: the
// median of RSS read every 30 s from 2 to 5 minutes on, while a minute's flush and the simulator run
// as they always do; a single reading would depend on when V8 happened to give the heap back.
const afterLoad = rssMb(pid);
const settled: number[] = [];
const readings: [number, number][] = [];
for (let i = 1; i <= (QUERY_ONLY ? 0 : 10); i++) {
  await new Promise((r) => setTimeout(r, 30_000));
  const mb = rssMb(pid);
  readings.push([i * 30, mb]);
  if (i >= 4) settled.push(mb);
}
const full = settled.length ? [...settled].sort((a, b) => a - b)[Math.floor(settled.length / 2)]! : afterLoad;
// glibc's main heap (brk), resident: what malloc keeps of the load's freed buffers is here.
const mallocHeapMb =
  readFileSync(`/proc/${pid}/smaps`, "utf8")
    .split(/\n(?=[0-9a-f]+-[0-9a-f]+ )/)
    .filter((m) => /^\S+ \S+ \S+ \S+ \S+\s+\[heap\]/.test(m))
    .reduce((kb, m) => kb + Number(/^Rss:\s+(\d+)/m.exec(m)?.[1] ?? 0), 0) / 1024;
const metrics = await (await fetch(`${sw.url}/metrics`)).text();
const gauge = (name: string) => metricValue(metrics, name);
const plain = (name: string) => metricValue(metrics, name) / 2 ** 20;

const auth = { headers: { authorization: `Bearer ${TOKEN}` } };
const timeQuery = (url: string) => timeGet(url, auth);
const to = Date.now();
const from = to - 3_600_000;
const q = (extra: string) => `${sw.url}/api/v1/query?metric=shard.qps&cluster=scale-0&from=${from}&to=${to}${extra}`;
// What else ran while the queries were timed: prom-client resets its event-loop delay histogram on each
// scrape, so a scrape before and one after bound the query phase; detection's evaluations are counted.
const scrape = async () => (await fetch(`${sw.url}/metrics`)).text();
const before = await scrape();
const byShard = await timeQuery(q("&by=shard&agg=avg"));
const byCluster = await timeQuery(q("&by=cluster&agg=p99"));
const byNodeMax = await timeQuery(q("&by=node&agg=max"));
const series = await timeQuery(`${sw.url}/api/v1/series?cluster=scale-0&metric=shard.qps`);
const after = await scrape();
const evals =
  metricValue(after, "shardwatch_detection_evaluation_duration_seconds_count") - metricValue(before, "shardwatch_detection_evaluation_duration_seconds_count");
const evalSeconds =
  metricValue(after, "shardwatch_detection_evaluation_duration_seconds_sum") - metricValue(before, "shardwatch_detection_evaluation_duration_seconds_sum");
await sw.stop();

console.log(
  `scale: ${loaded.sent.toLocaleString("en")} samples pushed in ${loaded.seconds.toFixed(0)} s (${loaded.retries} 429 retries), backend ${DB_URL ? "PostgreSQL" : "PGlite"}`,
);
console.log(`  rollups of the load all flushed ${settleSeconds.toFixed(0)} s after it ended`);
console.log(
  `  window: ${gauge("shardwatch_window_series").toLocaleString("en")} series, ~${(gauge("shardwatch_window_memory_bytes") / 2 ** 20).toFixed(0)} MB of points and entries`,
);
console.log(
  `  server RSS: ${full.toFixed(0)} MB loaded${settled.length ? " (median of 7 readings, 2 to 5 min after the backfill's rollups were in)" : ""}; peer (same process idle, no data): ${idle.toFixed(0)} MB`,
);
console.log(
  `    right after the backfill's rollups were in: ${afterLoad.toFixed(0)} MB; then every 30 s: ${readings.map(([s, mb]) => `+${s}s ${mb.toFixed(0)}`).join(", ")}`,
);
console.log(`    the embedded database's WebAssembly memory: ${plain("shardwatch_db_embedded_memory_bytes").toFixed(0)} MB`);
console.log(
  `    of which V8 heap used ${plain("nodejs_heap_size_used_bytes").toFixed(0)} MB (of ${plain("nodejs_heap_size_total_bytes").toFixed(0)} MB it holds), external (typed arrays, buffers) ${plain("nodejs_external_memory_bytes").toFixed(0)} MB`,
);
console.log(`    malloc's main heap ([heap] in /proc/PID/smaps): ${mallocHeapMb.toFixed(0)} MB`);
console.log(`  GET /api/v1/query, 1,000-shard cluster, 1 h, default step (12 s), median of 5 rounds × 20 (ms):`);
console.log(`    by=shard agg=avg   p50 ${byShard.p50.toFixed(1)}  p95 ${byShard.p95.toFixed(1)}  (${(byShard.bytes / 1024).toFixed(0)} KiB)`);
console.log(`    by=cluster agg=p99 p50 ${byCluster.p50.toFixed(1)}  p95 ${byCluster.p95.toFixed(1)}`);
console.log(`    by=node agg=max    p50 ${byNodeMax.p50.toFixed(1)}  p95 ${byNodeMax.p95.toFixed(1)}`);
console.log(`  GET /api/v1/series (1,000 series)  p50 ${series.p50.toFixed(1)}  p95 ${series.p95.toFixed(1)}`);
console.log(
  `  meanwhile in the server: event-loop delay p99 ${(metricValue(after, "nodejs_eventloop_lag_p99_seconds") * 1000).toFixed(0)} ms, max ${(metricValue(after, "nodejs_eventloop_lag_max_seconds") * 1000).toFixed(0)} ms; ` +
    `${evals} detection evaluations, ${((evalSeconds / evals) * 1000).toFixed(1)} ms each on average`,
);
