// npm run bench:query-range: GET /api/v1/query's work in-process, no HTTP and no database. A 1,000-shard
// cluster (5 metrics) with 30 min of 5 s points in the window store and the 30 min before it in rollups
// (served from an in-memory table through the same RollupBucketCache), then queryRange over 1 h at the
// default 12 s step and the answer's JSON, as the route sends it. Prints the median and p95 of 100 calls
// per aggregation, split into queryRange and JSON.stringify, so the query's own CPU cost can be followed
// apart from the machine's noise and Next's request handling (bench:query measures the whole request).
import type { TSqlRunner } from "@/lib/db/sql-runner";
import { queryRange } from "@/lib/telemetry/query/query-range";
import type { TRangeQuery } from "@/lib/telemetry/query/schemas";
import { WindowStore } from "@/lib/telemetry/window-store";

const SHARDS = 1000;
const METRICS = ["shard.qps", "shard.p99Ms", "shard.cpu", "shard.iops", "shard.errorRate"];
const now = Math.floor(Date.now() / 10_000) * 10_000;
const store = new WindowStore({ retentionMs: 30 * 60_000, maxPointsPerSeries: 8192 });
const labelsOf = (i: number) => ({ cluster: "scale-0", shard: `s-${i}`, node: `db-${i % 50}` });
for (let i = 0; i < SHARDS; i++) {
  for (const m of METRICS) {
    const key = `${m}|scale-0|s-${i}`;
    for (let t = now - 30 * 60_000; t < now; t += 5_000) store.put(key, m, labelsOf(i), t, 100 + ((i * 7 + t / 5_000) % 50));
  }
}
// The rollup table: one row per series and 10 s bucket over the hour before the window.
type TRow = { key: string; bucket: number; sum: number; count: number; min: number; max: number };
const rollups = new Map<string, TRow[]>();
for (let i = 0; i < SHARDS; i++) {
  const key = `shard.qps|scale-0|s-${i}`;
  const rows: TRow[] = [];
  for (let t = now - 60 * 60_000; t < now - 30 * 60_000; t += 10_000) rows.push({ key, bucket: t, sum: 2 * (100 + (i % 50)), count: 2, min: 100, max: 150 });
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

const quantile = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil(q * xs.length) - 1)]!;
for (const [by, agg] of [
  ["shard", "avg"],
  ["cluster", "p99"],
  ["node", "max"],
] as const) {
  const q: TRangeQuery = { metric: "shard.qps", cluster: "scale-0", from: now - 3_600_000, to: now, step: 12_000, by, agg };
  const qr: number[] = [];
  const js: number[] = [];
  let bytes = 0;
  for (let i = 0; i < 110; i++) {
    const t0 = performance.now();
    const result = await queryRange(store, sql, q, now + i * 50);
    const t1 = performance.now();
    bytes = JSON.stringify(result).length;
    const t2 = performance.now();
    if (i < 10) continue;
    qr.push(t1 - t0);
    js.push(t2 - t1);
  }
  const fmt = (xs: number[]) => `median ${quantile(xs, 0.5).toFixed(1)} p95 ${quantile(xs, 0.95).toFixed(1)}`;
  console.log(`by=${by} agg=${agg}: queryRange ${fmt(qr)} ms; JSON ${fmt(js)} ms (${(bytes / 1024).toFixed(0)} KiB); 100 calls after 10 warm-up`);
}
