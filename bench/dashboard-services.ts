// npm run bench:dashboard-services: latency of the replication and cache pages' services (what their routes
// call) over a full window: SHARDS shards (default 1,000) with REPLICAS_PER_SHARD replicas (2) and a
// cache tier, 30 min of 5 s samples, on PGlite with the default rules. Prints p50/p95 per call.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { TActor } from "@/lib/auth/actor";
import { getCache } from "@/lib/dashboard/get-cache";
import { getReplication } from "@/lib/dashboard/get-replication";
import { ZCacheQuery, ZReplicationQuery } from "@/lib/dashboard/schemas";
import { loadMigrations, migrate, openDatabase } from "@/lib/db";
import { seedDefaultRules } from "@/lib/detection/rules/seed-default-rules";
import { applySample } from "@/lib/telemetry/apply-sample";
import type { TSample } from "@/lib/telemetry/sample";
import { WindowStore } from "@/lib/telemetry/window-store";

const SHARDS = Number(process.env.SHARDS ?? 1000);
const PER_SHARD = Number(process.env.REPLICAS_PER_SHARD ?? 2);
const RUNS = Number(process.env.RUNS ?? 40);
const NOW = Date.now();

function fill(store: WindowStore) {
  const put = (s: TSample) => applySample(store, s, s.ts, () => undefined);
  for (let t = NOW - 30 * 60_000 + 5000; t <= NOW; t += 5000) {
    for (let s = 0; s < SHARDS; s++) {
      const shard = `s-${s}`;
      put({ type: "shard", cluster: "big", shard, node: `db-${s % 50}`, ts: t, qps: 1000 + (s % 17) * 10, p99Ms: 12, cpu: 0.4, iops: 300, errorRate: 0 });
      for (let r = 1; r <= PER_SHARD; r++) put({ type: "replica", cluster: "big", shard, replica: `${shard}-r${r}`, ts: t, lagSeconds: ((s * 7 + r) % 100) / 50 + (s === 3 ? 40 : 0) });
    }
    for (let n = 1; n <= 8; n++) {
      const hotKeys = Array.from({ length: 10 }, (_, k) => ({ key: `user:${n * 100 + k}`, perSec: 2000 / (k + 1) }));
      put({ type: "cache", cluster: "big", node: `cache-${n}`, ts: t, hitsPerSec: 9000, missesPerSec: 1000, evictionsPerSec: 20, hotKeys });
    }
  }
}

async function time(label: string, fn: () => Promise<unknown>) {
  for (let i = 0; i < 3; i++) await fn();
  const ms: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    await fn();
    ms.push(performance.now() - t0);
  }
  ms.sort((a, b) => a - b);
  const q = (p: number) => ms[Math.min(ms.length - 1, Math.ceil(p * ms.length) - 1)]!.toFixed(1);
  console.log(`${label.padEnd(48)} p50 ${q(0.5)} ms  p95 ${q(0.95)} ms`);
}

const dir = mkdtempSync(path.join(tmpdir(), "sw-bench-dash-"));
const db = await openDatabase({ dataDir: dir });
await migrate(db.sql, loadMigrations());
await seedDefaultRules(db.prisma);
const store = new WindowStore();
const t0 = performance.now();
fill(store);
console.log(`${SHARDS} shards × ${PER_SHARD} replicas, ${store.stats().points.toLocaleString()} points in the window (filled in ${((performance.now() - t0) / 1000).toFixed(1)} s)`);
const actor: TActor = { type: "token", id: "bench", label: "bench", scopes: ["read"] };
const ctx = { db: db.prisma, actor };
for (const [label, range] of [
  ["15 min at 5 s", { from: NOW - 15 * 60_000, to: NOW, step: 5000 }],
  ["1 h at 10 s (rollups for the older half)", { from: NOW - 3_600_000, to: NOW, step: 10_000 }],
] as const) {
  const rep = ZReplicationQuery.parse({ cluster: "big", ...range });
  await time(`replication, ${label}`, () => getReplication({ ctx, store, sql: db.sql, input: rep }));
  await time(`replication page 40 (state=healthy), ${label}`, () =>
    getReplication({ ctx, store, sql: db.sql, input: { ...rep, state: "healthy", offset: 39 * 25 } }),
  );
  const cache = ZCacheQuery.parse({ cluster: "big", ...range });
  await time(`cache, ${label}`, () => getCache({ ctx, store, sql: db.sql, input: cache }));
}
await db.close();
rmSync(dir, { recursive: true, force: true });
