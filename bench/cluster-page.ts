// npx tsx bench/cluster-page.ts: the cluster page's API services (heatmap, top-N/distribution/nodes)
// against an embedded PGlite and a window store holding 30 min of 5 s samples, at 1,000 and 10,000
// shards. Prints p50/p95 of service + output parse + JSON encoding; gates nothing.
import { SYSTEM_ACTOR } from "@/lib/auth/actor";
import { getClusterHeatmap, getClusterShards, ZClusterShards, ZHeatmap, ZHeatmapInput, ZClusterShardsInput } from "@/lib/dashboard/cluster";
import { loadMigrations, migrate, openDatabase } from "@/lib/db";
import { applySample } from "@/lib/telemetry/apply-sample";
import type { TSample } from "@/lib/telemetry/sample";
import { TopologyRegistry } from "@/lib/telemetry/topology";
import { WindowStore } from "@/lib/telemetry/window-store";

const RUNS = Number(process.env.RUNS ?? 40);
const quantile = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))]!;

async function time(label: string, fn: () => Promise<string>): Promise<void> {
  for (let i = 0; i < 3; i++) await fn();
  const xs: number[] = [];
  let bytes = 0;
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    bytes = (await fn()).length;
    xs.push(performance.now() - t);
  }
  console.log(
    `${label.padEnd(44)} p50 ${quantile(xs, 0.5).toFixed(1).padStart(6)} ms  p95 ${quantile(xs, 0.95).toFixed(1).padStart(6)} ms  ${(bytes / 1024).toFixed(0)} KiB`,
  );
}

for (const shards of [1000, 10_000]) {
  const db = await openDatabase({ dataDir: "memory://" });
  await migrate(db.sql, loadMigrations());
  const store = new WindowStore();
  const topology = new TopologyRegistry();
  const now = Date.now();
  const width = 0x1_0000_0000 / shards;
  for (let t = now - 30 * 60_000; t <= now; t += 5000) {
    for (let i = 0; i < shards; i++) {
      const s: TSample = {
        type: "shard",
        cluster: "big",
        shard: `s-${i}`,
        node: `db-${i % 100}`,
        ts: t,
        qps: 1000 + ((i * 7919) % 500) + (i === 42 ? 9000 : 0),
        p99Ms: 10 + (i % 13),
        cpu: 0.3,
        keyRange: {
          start: Math.floor(i * width)
            .toString(16)
            .padStart(8, "0"),
          end: Math.floor((i + 1) * width)
            .toString(16)
            .padStart(8, "0"),
        },
      };
      applySample(store, s, t, () => undefined);
      if (t === now) topology.observe(s, t);
    }
  }
  await topology.flush(db.sql, now);
  const ctx = { db: db.prisma, actor: SYSTEM_ACTOR, now: new Date(now) };
  const heat = ZHeatmapInput.parse({ metric: "qps", from: String(now - 30 * 60_000), to: String(now), step: "5000", rows: "200" });
  await time(`${shards} shards: heatmap 30 min × 200 rows`, async () =>
    JSON.stringify(ZHeatmap.parse(await getClusterHeatmap({ ctx, input: { ...heat, cluster: "big" }, store, sql: db.sql }))),
  );
  const top = ZClusterShardsInput.parse({});
  await time(`${shards} shards: top-N, Lorenz, nodes`, async () =>
    JSON.stringify(ZClusterShards.parse(await getClusterShards({ ctx, input: { ...top, cluster: "big" }, store, sql: db.sql }))),
  );
  await db.close();
}
