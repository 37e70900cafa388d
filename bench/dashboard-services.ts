// npm run bench:dashboard-services: every dashboard API's service in-process, as its route runs it
// (service, output schema parse, JSON encoding), over one cluster of SHARDS shards (default 1,000) with
// REPLICAS_PER_SHARD replicas (1) and CACHE_NODES cache nodes (8) after MINUTES (60) of 5 s samples: the
// last 30 min in the window store, the whole hour in the rollups, ~40% of the shards with an open alert
// (as the `large` scenario has). PGlite in a temporary folder, default rules. Prints p50/p95 over RUNS
// calls after 3 warm-ups; the server-side share of bench:dashboard's HTTP figures, without the simulator
// and detection competing for the thread. ONLY=name,name runs some of them.
import type { TActor } from "@/lib/auth/actor";
import { getClusterHeatmap, getClusterShards, ZClusterShards, ZClusterShardsInput, ZHeatmap, ZHeatmapInput } from "@/lib/dashboard/cluster";
import { getCache } from "@/lib/dashboard/get-cache";
import { getClusterHealth } from "@/lib/dashboard/get-overview";
import { getReplication } from "@/lib/dashboard/get-replication";
import { ZCacheQuery, ZCacheResult, ZReplicationQuery, ZReplicationResult } from "@/lib/dashboard/schemas";
import { seedDashboard } from "./lib/dashboard-seed";
import { quantile } from "./lib/server";

const SHARDS = Number(process.env.SHARDS ?? 1000);
const RUNS = Number(process.env.RUNS ?? 40);
const ONLY = process.env.ONLY?.split(",");

async function time(name: string, label: string, fn: () => Promise<string>) {
  if (ONLY && !ONLY.includes(name)) return;
  for (let i = 0; i < 3; i++) await fn();
  const ms: number[] = [];
  let bytes = 0;
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    bytes = (await fn()).length;
    ms.push(performance.now() - t0);
  }
  ms.sort((a, b) => a - b);
  const q = (p: number) => quantile(ms, p).toFixed(1).padStart(6);
  console.log(`${label.padEnd(52)} p50 ${q(0.5)} ms  p95 ${q(0.95)} ms  ${(bytes / 1024).toFixed(0).padStart(4)} KiB`);
}

const t0 = performance.now();
const seed = await seedDashboard({
  shards: SHARDS,
  replicasPerShard: Number(process.env.REPLICAS_PER_SHARD ?? 1),
  cacheNodes: Number(process.env.CACHE_NODES ?? 8),
  minutes: Number(process.env.MINUTES ?? 60),
  alertShare: 0.4,
});
const { db, store, now, cluster } = seed;
const open = await db.sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM alerts`);
console.log(
  `${SHARDS} shards, ${store.stats().points.toLocaleString()} points in the window, ${open[0]!.n} open alerts (seeded in ${((performance.now() - t0) / 1000).toFixed(0)} s)`,
);
const actor: TActor = { type: "token", id: "bench", label: "bench", scopes: ["read"] };
// The clock moves as it does for a polling page: each call is a little later than the last.
let tick = 0;
const ctx = () => ({ db: db.prisma, actor, now: new Date(now + (tick += 50) % 5000) });
const json = (v: unknown) => JSON.stringify(v);
const sql = db.sql;

await time("overview", "overview: cluster health", async () => json(await getClusterHealth({ ctx: ctx(), store, sql })));
const heat30 = ZHeatmapInput.parse({ metric: "qps", from: String(now - 30 * 60_000), to: String(now), step: "5000" });
await time("heat30", "cluster: heatmap qps 30 min at 5 s", async () =>
  json(ZHeatmap.parse(await getClusterHeatmap({ ctx: ctx(), input: { ...heat30, cluster }, store, sql }))),
);
const heat1h = ZHeatmapInput.parse({ metric: "qps", from: String(now - 3_600_000), to: String(now), step: "10000" });
await time("heat1h", "cluster: heatmap qps 1 h at 10 s (older half: rollups)", async () =>
  json(ZHeatmap.parse(await getClusterHeatmap({ ctx: ctx(), input: { ...heat1h, cluster }, store, sql }))),
);
const top = ZClusterShardsInput.parse({});
await time("shards", "cluster: top shards, Lorenz, nodes", async () =>
  json(ZClusterShards.parse(await getClusterShards({ ctx: ctx(), input: { ...top, cluster }, store, sql }))),
);
for (const [label, range] of [
  ["15 min at 5 s", { from: now - 15 * 60_000, to: now, step: 5000 }],
  ["1 h at 10 s", { from: now - 3_600_000, to: now, step: 10_000 }],
] as const) {
  const rep = ZReplicationQuery.parse({ cluster, ...range });
  await time("replication", `replication, ${label}`, async () => json(ZReplicationResult.parse(await getReplication({ ctx: ctx(), store, sql, input: rep }))));
  await time("replication", `replication page 20 (state=healthy), ${label}`, async () =>
    json(ZReplicationResult.parse(await getReplication({ ctx: ctx(), store, sql, input: { ...rep, state: "healthy", offset: 19 * 25 } }))),
  );
  const cache = ZCacheQuery.parse({ cluster, ...range });
  await time("cache", `cache, ${label}`, async () => json(ZCacheResult.parse(await getCache({ ctx: ctx(), store, sql, input: cache }))));
}
await seed.close();
