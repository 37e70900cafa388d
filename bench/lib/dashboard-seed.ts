import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { loadMigrations, migrate, openDatabase, type TDatabase } from "@/lib/db";
import { seedDefaultRules } from "@/lib/detection/rules/seed-default-rules";
import { applySample } from "@/lib/telemetry/apply-sample";
import { BUCKET_1M, RollupAggregator } from "@/lib/telemetry/rollup-aggregator";
import { RollupStore } from "@/lib/telemetry/rollup-store";
import type { TSample } from "@/lib/telemetry/sample";
import { TopologyRegistry } from "@/lib/telemetry/topology";
import { WindowStore } from "@/lib/telemetry/window-store";

// One cluster as the dashboard sees it after an hour of 5 s samples, for in-process benches: the last
// 30 min in the window store, the whole hour in the rollups (written as the flush writes them), key
// ranges in the shards table, and open alerts on a share of the shards (the `large` scenario has ~1,000).

export type TDashboardSeed = { db: TDatabase; store: WindowStore; now: number; cluster: string; close(): Promise<void> };
export type TSeedOptions = { shards: number; replicasPerShard: number; cacheNodes: number; minutes: number; alertShare: number };

const ring = (i: number, n: number) =>
  Math.floor((i * 0x1_0000_0000) / n)
    .toString(16)
    .padStart(8, "0");

function samplesAt(o: TSeedOptions, cluster: string, t: number, out: TSample[]): void {
  for (let s = 0; s < o.shards; s++) {
    const shard = `s-${String(s).padStart(3, "0")}`;
    const qps = 1000 + ((s * 7919) % 500) + (s === 42 ? 9000 : 0) + ((t / 5000) % 7) * 3;
    out.push({ type: "shard", cluster, shard, node: `db-${s % 100}`, ts: t, qps, p99Ms: 10 + (s % 13), cpu: 0.3 + (s % 7) / 10, iops: 300, errorRate: 0, keyRange: { start: ring(s, o.shards), end: ring(s + 1, o.shards) } });
    for (let r = 1; r <= o.replicasPerShard; r++) {
      out.push({ type: "replica", cluster, shard, replica: `${shard}-r${r}`, node: `db-${(s + r) % 100}`, ts: t, lagSeconds: ((s * 7 + r) % 100) / 50 + (s === 3 ? 40 : 0) });
    }
  }
  for (let n = 1; n <= o.cacheNodes; n++) {
    const hotKeys = Array.from({ length: 10 }, (_, k) => ({ key: `user:${n * 100 + k}`, perSec: 2000 / (k + 1) }));
    out.push({ type: "cache", cluster, node: `cache-${n}`, ts: t, hitsPerSec: 9000, missesPerSec: 1000, evictionsPerSec: 20, hotKeys });
  }
}

async function seedAlerts(db: TDatabase, o: TSeedOptions, cluster: string, now: number): Promise<void> {
  const rules = await db.sql.query<{ id: string; name: string; kind: string }>(`SELECT id, name, kind FROM rules`);
  const rule = (name: string) => rules.find((r) => r.name === name)!;
  const rows: [string, { id: string; name: string }, string, Record<string, string>][] = [];
  for (let s = 0; s < o.shards; s++) {
    if ((s * 37) % 100 >= o.alertShare * 100) continue;
    const shard = `s-${String(s).padStart(3, "0")}`;
    rows.push([`cpu-${s}`, rule("shard-cpu-saturated"), s % 5 ? "firing" : "pending", { cluster, shard, node: `db-${s % 100}` }]);
  }
  for (let s = 0; s < Math.min(5, o.shards) && o.replicasPerShard; s++) {
    rows.push([`lag-${s}`, rule("replica-lag-slo"), "firing", { cluster, shard: `s-00${s}`, replica: `s-00${s}-r1` }]);
  }
  if (o.cacheNodes) rows.push(["hot-1", rule("hot-key"), "firing", { cluster, node: "cache-1", key: "user:100" }]);
  await db.sql.query(
    `INSERT INTO alerts (id, fingerprint, rule_id, rule_name, severity, state, cluster, labels, value, summary, active_at, fired_at, last_eval_at)
     SELECT id, id, rule_id, rule_name, 'warning', state::"AlertState", $4, labels, 1, 'seeded by the bench', $5::bigint, CASE WHEN state = 'firing' THEN $5::bigint END, $5::bigint
     FROM unnest($1::text[], $2::text[], $3::text[], $6::text[], $7::jsonb[]) AS t(id, rule_id, rule_name, state, labels)`,
    [rows.map((r) => r[0]), rows.map((r) => r[1].id), rows.map((r) => r[1].name), cluster, now - 600_000, rows.map((r) => r[2]), rows.map((r) => JSON.stringify(r[3]))],
  );
}

/** Opens a fresh PGlite in a temporary folder and fills it, the store and the rollups as a running server would have them. */
export async function seedDashboard(o: TSeedOptions, cluster = "big"): Promise<TDashboardSeed> {
  const dir = mkdtempSync(path.join(tmpdir(), "sw-bench-dash-"));
  const db = await openDatabase({ dataDir: dir });
  await migrate(db.sql, loadMigrations());
  await seedDefaultRules(db.prisma);
  const store = new WindowStore();
  const agg = new RollupAggregator();
  const rollups = new RollupStore(db.sql, { chunkRows: 500 });
  const topology = new TopologyRegistry();
  const now = Math.floor(Date.now() / 5000) * 5000;
  const batch: TSample[] = [];
  for (let t = now - o.minutes * 60_000 + 5000; t <= now; t += 5000) {
    batch.length = 0;
    samplesAt(o, cluster, t, batch);
    for (const s of batch) if (applySample(store, s, t, (e, ts, v) => agg.addTo(e, ts, v))) topology.observe(s, t);
    if (t % BUCKET_1M === 0) await rollups.write(agg.take(t - BUCKET_1M), { instance: "bench", segment: 0, watermark: t - BUCKET_1M });
  }
  await rollups.write(agg.take(Math.floor(now / BUCKET_1M) * BUCKET_1M), { instance: "bench", segment: 0, watermark: now });
  store.gc(now);
  await topology.flush(db.sql, now);
  await seedAlerts(db, o, cluster, now);
  return {
    db,
    store,
    now,
    cluster,
    async close() {
      await db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
