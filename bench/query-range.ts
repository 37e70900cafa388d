// npm run bench:query-range: GET /api/v1/query's work in-process, no HTTP and no database. A 1,000-shard
// cluster (5 metrics) with 30 min of 5 s points in the window store and the 30 min before it in rollups
// (served from an in-memory table through the same RollupBucketCache), then queryRange over 1 h at the
// default 12 s step and the answer's JSON, as the route sends it. Prints the median and p95 of 100 calls
// per aggregation, split into queryRange and JSON.stringify, so the query's own CPU cost can be followed
// apart from the machine's noise and Next's request handling (bench:query measures the whole request),
// and what compressing a large answer costs at Next's setting and at the route's own.
import zlib from "node:zlib";
import type { TSqlRunner } from "@/lib/db/sql-runner";
import { queryRange } from "@/lib/telemetry/query/query-range";
import type { TRangeQuery } from "@/lib/telemetry/query/schemas";
import { WindowStore } from "@/lib/telemetry/window-store";

const SHARDS = 1000;
const METRICS = ["shard.qps", "shard.p99Ms", "shard.cpu", "shard.iops", "shard.errorRate"];
const now = Math.floor(Date.now() / 10_000) * 10_000;
// VALUES=noisy: values more like a real cluster's (a slow sine per shard plus seeded noise; the window
// keeps them as 32-bit floats), whose answer is longer JSON and compresses far worse than the default's
// repeating integers.
const NOISY = process.env.VALUES === "noisy";
let seed = 42;
const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
const value = (i: number, t: number) => (NOISY ? 1000 + 400 * Math.sin(i + t / 600_000) + 80 * random() : 100 + ((i * 7 + t / 5_000) % 50));
const store = new WindowStore({ retentionMs: 30 * 60_000, maxPointsPerSeries: 8192 });
const labelsOf = (i: number) => ({ cluster: "scale-0", shard: `s-${i}`, node: `db-${i % 50}` });
for (let i = 0; i < SHARDS; i++) {
  for (const m of METRICS) {
    const key = `${m}|scale-0|s-${i}`;
    for (let t = now - 30 * 60_000; t < now; t += 5_000) store.put(key, m, labelsOf(i), t, value(i, t));
  }
}
// The rollup table: one row per series and 10 s bucket over the hour before the window.
type TRow = { key: string; bucket: number; sum: number; count: number; min: number; max: number };
const rollups = new Map<string, TRow[]>();
for (let i = 0; i < SHARDS; i++) {
  const key = `shard.qps|scale-0|s-${i}`;
  const rows: TRow[] = [];
  for (let t = now - 60 * 60_000; t < now - 30 * 60_000; t += 10_000) {
    const v = value(i, t);
    rows.push({ key, bucket: t, sum: 2 * v, count: 2, min: v - 1, max: v + 1 });
  }
  rollups.set(key, rows);
}
const sql: TSqlRunner = {
  exec: async () => {},
  transaction: (fn) => fn(sql),
  query: async <T>(text: string, params: unknown[] = []): Promise<T[]> => {
    if (text.startsWith("SELECT key, labels FROM series")) return [...rollups.keys()].map((key, i) => ({ key, labels: labelsOf(i) })) as T[];
    const [keys, lo, step, hi] = params as [string[], number, number, number];
    const out = new Map<string, { key: string; b: number; sum: number; count: number; min: number; max: number }>();
    for (const key of keys) {
      for (const r of rollups.get(key) ?? []) {
        if (r.bucket < lo || r.bucket >= hi) continue;
        const b = Math.floor((r.bucket - lo) / step);
        const id = `${key}|${b}`;
        const o = out.get(id);
        if (!o) out.set(id, { key, b, sum: r.sum, count: r.count, min: r.min, max: r.max });
        else Object.assign(o, { sum: o.sum + r.sum, count: o.count + r.count, min: Math.min(o.min, r.min), max: Math.max(o.max, r.max) });
      }
    }
    return [...out.values()] as T[];
  },
};

const compressions: [string, (text: string) => Buffer][] = [
  ["gzip 6 (Next)", (text) => zlib.gzipSync(text, { level: 6 })],
  ["gzip 1", (text) => zlib.gzipSync(text, { level: 1 })],
  ["brotli 1", (text) => zlib.brotliCompressSync(text, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 1 } })],
];
const quantile = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil(q * xs.length) - 1)]!;
for (const [by, agg] of [
  ["shard", "avg"],
  ["cluster", "p99"],
  ["node", "max"],
] as const) {
  const q: TRangeQuery = { metric: "shard.qps", cluster: "scale-0", from: now - 3_600_000, to: now, step: 12_000, by, agg };
  const zipped: Record<string, { ms: number[]; bytes: number }> = {};
  const qr: number[] = [];
  const js: number[] = [];
  let bytes = 0;
  for (let i = 0; i < 110; i++) {
    const t0 = performance.now();
    const result = await queryRange(store, sql, q, now + i * 50);
    const t1 = performance.now();
    const text = JSON.stringify(result);
    bytes = text.length;
    const t2 = performance.now();
    if (i < 10) continue;
    qr.push(t1 - t0);
    js.push(t2 - t1);
    // The answer's compression (every 10th call): Next's middleware (gzip level 6) against what
    // lib/http/json-response.ts does for the routes the server answers itself (gzip 1, Brotli 1).
    if (i % 10) continue;
    for (const [name, run] of compressions) {
      const c0 = performance.now();
      const out = run(text);
      (zipped[name] ??= { ms: [], bytes: 0 }).ms.push(performance.now() - c0);
      zipped[name].bytes = out.length;
    }
  }
  const fmt = (xs: number[]) => `median ${quantile(xs, 0.5).toFixed(1)} p95 ${quantile(xs, 0.95).toFixed(1)}`;
  console.log(`by=${by} agg=${agg}: queryRange ${fmt(qr)} ms; JSON ${fmt(js)} ms (${(bytes / 1024).toFixed(0)} KiB); 100 calls after 10 warm-up`);
  if (bytes < 16 * 1024) continue;
  const z = Object.entries(zipped).map(([name, { ms, bytes: b }]) => `${name} median ${quantile(ms, 0.5).toFixed(1)} ms (${(b / 1024).toFixed(0)} KiB)`);
  console.log(`  compressing that answer, 10 calls: ${z.join("; ")}`);
}
