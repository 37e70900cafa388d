import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { GET as getHeatmap } from "@/app/api/v1/clusters/[cluster]/heatmap/route";
import { GET as getShard } from "@/app/api/v1/clusters/[cluster]/shards/[shard]/route";
import { GET as getShards } from "@/app/api/v1/clusters/[cluster]/shards/route";
import type { THeatmap, TClusterShards, TShardDetail } from "@/lib/dashboard/cluster";
import { persistTransitions } from "@/lib/detection/alerts";
import { seedDefaultRules } from "@/lib/detection/rules";
import { setRuntime, type TRuntime } from "@/lib/runtime";
import { applySample } from "@/lib/telemetry/apply-sample";
import { RollupStore } from "@/lib/telemetry/rollup-store";
import type { TSample } from "@/lib/telemetry/sample";
import { TopologyRegistry } from "@/lib/telemetry/topology";
import { WindowStore } from "@/lib/telemetry/window-store";
import { createToken } from "@/lib/tokens";
import { seedPeople } from "../helpers/actors";
import { BACKENDS, migratedDatabase, type TTestDatabase } from "../helpers/databases";
import { makeAlert } from "../detection/helpers";

// The cluster page's routes against a real database and a window store seeded with 8 shards whose key
// order is the reverse of their ids; s-5 takes 5× the others. s-0 also has 10 s rollups from 40 min ago.
const BASE = "http://127.0.0.1:3000";
const SHARDS = 8;
const hex = (i: number) => (i * 0x20).toString(16).padStart(2, "0");
const keyRange = (i: number) => ({ start: hex(SHARDS - 1 - i), end: hex(SHARDS - i) });

describe.each(BACKENDS)("cluster routes on %s", (kind) => {
  let db: TTestDatabase;
  let read: string;
  let now: number;
  const get = (path: string, token = read) => new Request(BASE + path, { headers: { authorization: `Bearer ${token}` } });
  const params = (p: Record<string, string>) => ({ params: Promise.resolve(p) });

  beforeEach(async () => {
    db = await migratedDatabase(kind);
    const people = await seedPeople(db);
    read = (await createToken({ ctx: people.adminCtx, input: { name: "dashboard", scopes: ["read"] } })).secret;
    await seedDefaultRules(db.prisma);
    now = Date.now();
    const store = new WindowStore();
    const topology = new TopologyRegistry();
    for (let t = now - 5 * 60_000; t <= now; t += 5000) {
      for (let i = 0; i < SHARDS; i++) {
        const s: TSample = {
          type: "shard",
          cluster: "orders",
          shard: `s-${i}`,
          node: `db-${i % 2}`,
          ts: t,
          qps: i === 5 ? 5000 : 1000,
          p99Ms: 10 + i,
          cpu: 0.1 * i,
          keyRange: keyRange(i),
        };
        applySample(store, s, t, () => undefined);
        topology.observe(s, t);
      }
      const r: TSample = { type: "replica", cluster: "orders", shard: "s-5", replica: "s-5-r1", node: "db-1", ts: t, lagSeconds: 1.5 };
      applySample(store, r, t, () => undefined);
      topology.observe(r, t);
    }
    await topology.flush(db.sql, now);
    const [series] = await db.sql.query<{ id: number }>(
      `INSERT INTO series (key, metric, cluster, labels) VALUES ('old-s0', 'shard.qps', 'orders', '{"cluster":"orders","shard":"s-0","node":"db-0"}') RETURNING id`,
    );
    const old = Math.floor((now - 40 * 60_000) / 10_000) * 10_000;
    await db.sql.query(`INSERT INTO rollup_10s (series_id, bucket, count, min, max, sum, last, last_ts) VALUES ($1, $2, 2, 700, 700, 1400, 700, $2)`, [
      series!.id,
      old,
    ]);
    const hotRule = await db.prisma.rule.findUniqueOrThrow({ where: { name: "hot-shard" } });
    await persistTransitions(db.prisma, [
      {
        type: "firing",
        alert: makeAlert({
          id: "hot-now",
          ruleId: hotRule.id,
          state: "firing",
          labels: { cluster: "orders", shard: "s-5" },
          activeAt: now - 60_000,
          firedAt: now - 50_000,
          lastEvalAt: now,
        }),
        at: now,
        notify: true,
      },
      {
        type: "resolved",
        alert: makeAlert({
          id: "hot-before",
          ruleId: hotRule.id,
          state: "resolved",
          labels: { cluster: "orders", shard: "s-5" },
          activeAt: now - 4 * 60_000,
          firedAt: now - 3.5 * 60_000,
          resolvedAt: now - 3 * 60_000,
          lastEvalAt: now - 3 * 60_000,
        }),
        at: now,
        notify: true,
      },
    ]);
    setRuntime(Promise.resolve({ env: { baseUrl: BASE }, db, auth: { api: { getSession: async () => null } }, telemetry: { store } } as unknown as TRuntime));
  });
  afterEach(() => db.drop());

  it("heatmap: rows in key order, grouped when asked for fewer rows, and rollups for the part older than the window", async () => {
    const from = now - 60 * 60_000;
    const res = await getHeatmap(get(`/api/v1/clusters/orders/heatmap?metric=qps&from=${from}&to=${now + 1}&step=60000&rows=8`), params({ cluster: "orders" }));
    expect(res.status).toBe(200);
    const h = (await res.json()) as THeatmap;
    expect(h).toMatchObject({ cluster: "orders", metric: "qps", unit: "qps", rowAgg: "sum", step: 60_000, shards: 8 });
    expect(h.rows.map((r) => r.shard)).toEqual(["s-7", "s-6", "s-5", "s-4", "s-3", "s-2", "s-1", "s-0"]);
    expect(h.values).toHaveLength(8 * h.buckets);
    const last = (row: number) => h.values[row * h.buckets + h.buckets - 1];
    expect(last(2)).toBe(5000);
    expect(last(0)).toBe(1000);
    expect(h.max).toBe(5000);
    // s-0 (last row) has one rollup bucket 40 min ago at an average of 700 qps, nothing else before the window.
    const s0 = h.values.slice(7 * h.buckets, 8 * h.buckets);
    expect(s0.filter((v) => v === 700)).toHaveLength(1);
    expect(s0.slice(0, 10).every((v) => v === null)).toBe(true);

    const grouped = (await (
      await getHeatmap(get(`/api/v1/clusters/orders/heatmap?metric=p99Ms&from=${now - 60_000}&to=${now + 1}&rows=3`), params({ cluster: "orders" }))
    ).json()) as THeatmap;
    expect(grouped.rows.map((r) => [r.shards, r.first, r.last, r.hottest])).toEqual([
      [3, "s-7", "s-5", "s-7"],
      [3, "s-4", "s-2", "s-4"],
      [2, "s-1", "s-0", "s-1"],
    ]);
    expect(grouped.rows[0]!.label).toBe("00 – 60");
    expect(grouped.rowAgg).toBe("max");
    expect(grouped.values[grouped.buckets - 1]).toBe(17); // max p99 of s-7, s-6, s-5
  });

  it("heatmap: a late sample rolled up after the first answer shows in the next one (kept rollup buckets are dropped)", async () => {
    const from = now - 60 * 60_000;
    const url = `/api/v1/clusters/orders/heatmap?metric=qps&from=${from}&to=${now + 1}&step=60000&rows=8`;
    const s0 = async () => {
      const h = (await (await getHeatmap(get(url), params({ cluster: "orders" }))).json()) as THeatmap;
      return h.values.slice(7 * h.buckets, 8 * h.buckets).filter((v) => v !== null);
    };
    expect(await s0()).toEqual([700, 1000, 1000, 1000, 1000, 1000, 1000]);
    const late = Math.floor((now - 45 * 60_000) / 10_000) * 10_000;
    const agg = { count: 1, min: 300, max: 300, sum: 300, last: 300, lastTs: late };
    const deltas = new Map([["old-s0", { metric: "shard.qps", labels: { cluster: "orders", shard: "s-0" }, buckets: new Map([[late, agg]]) }]]);
    await new RollupStore(db.sql).write(deltas, { instance: "test", segment: 0, watermark: 0 });
    expect(await s0()).toEqual([300, 700, 1000, 1000, 1000, 1000, 1000, 1000]);
  });

  it("shards: the hot shard first with its share and open alert, the Lorenz curve and the nodes", async () => {
    const res = await getShards(get("/api/v1/clusters/orders/shards?limit=3"), params({ cluster: "orders" }));
    expect(res.status).toBe(200);
    const s = (await res.json()) as TClusterShards;
    expect(s.totalQps).toBe(12_000);
    expect(s.top).toHaveLength(3);
    expect(s.top[0]).toMatchObject({
      shard: "s-5",
      node: "db-1",
      qps: 5000,
      status: "firing",
      alerts: [{ id: "hot-now", rule: "hot-shard", state: "firing" }],
    });
    expect(s.top[0]!.share).toBeCloseTo(5000 / 12_000);
    expect(s.top[0]!.shareOfFair).toBeCloseTo((5000 / 12_000) * 8);
    expect(s.top[1]!.status).toBe("ok");
    expect(s.distribution.points.at(-1)).toEqual([1, 1]);
    expect(s.distribution.gini).toBeGreaterThan(0.2);
    expect(s.nodes.map((n) => [n.node, n.shards, n.qps, n.hottest.shard])).toEqual([
      ["db-1", 4, 8000, "s-5"],
      ["db-0", 4, 4000, "s-0"],
    ]);
  });

  it("shard detail: key range, replica lag, rule thresholds and hot-spot episodes", async () => {
    const started = { cluster: "orders", target: "s-5", action: "split", params: {}, diagnosis: "hot-range", rationale: "r", plan: {}, signal: {}, source: "api", expiresAt: new Date(now + 3_600_000) };
    await db.prisma.mitigation.create({ data: { ...started, state: "done", outcome: "improved", startedAt: new Date(now - 120_000), finishedAt: new Date(now - 30_000) } });
    await db.prisma.mitigation.create({ data: { ...started, state: "proposed" } });
    const res = await getShard(get("/api/v1/clusters/orders/shards/s-5"), params({ cluster: "orders", shard: "s-5" }));
    expect(res.status).toBe(200);
    const d = (await res.json()) as TShardDetail;
    expect(d).toMatchObject({ shard: "s-5", node: "db-1", keyStart: "40", keyEnd: "60", replicas: [{ replica: "s-5-r1", node: "db-1", lagSeconds: 1.5 }] });
    expect(d.now.qps).toBe(5000);
    const byRule = Object.fromEntries(d.thresholds.map((t) => [t.rule, t]));
    expect(byRule["shard-p99-high"]).toMatchObject({ metric: "p99Ms", value: 250 });
    expect(byRule["shard-cpu-saturated"]).toMatchObject({ metric: "cpu", value: 0.95 });
    expect(byRule["hot-shard"]).toMatchObject({ metric: "qps", value: 3 * (12_000 / 8) });
    expect(d.episodes.map((e) => [e.id, e.open])).toEqual([
      ["hot-now", true],
      ["hot-before", false],
    ]);
    expect(d.episodes[1]!.durationMs).toBe(60_000);
    // Only mitigations that started are events on the charts.
    expect(d.mitigations).toEqual([{ id: expect.any(String) as unknown, action: "split", state: "done", outcome: "improved", startedAt: now - 120_000, finishedAt: now - 30_000 }]);
  });

  it("answers 401 without a token, 404 for an unknown cluster or shard, 422 naming a bad parameter", async () => {
    expect((await getHeatmap(get("/api/v1/clusters/orders/heatmap", "nope"), params({ cluster: "orders" }))).status).toBe(401);
    expect((await getShards(new Request(`${BASE}/api/v1/clusters/orders/shards`), params({ cluster: "orders" }))).status).toBe(401);
    expect((await getHeatmap(get("/api/v1/clusters/nowhere/heatmap"), params({ cluster: "nowhere" }))).status).toBe(404);
    expect((await getShards(get("/api/v1/clusters/nowhere/shards"), params({ cluster: "nowhere" }))).status).toBe(404);
    const missing = await getShard(get("/api/v1/clusters/orders/shards/s-99"), params({ cluster: "orders", shard: "s-99" }));
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ error: { code: "not_found", message: "No shard s-99 in cluster orders" } });
    const bad = await getHeatmap(get("/api/v1/clusters/orders/heatmap?metric=lag&rows=0"), params({ cluster: "orders" }));
    expect(bad.status).toBe(422);
    const { error } = (await bad.json()) as { error: { issues: { path: string; message: string }[] } };
    expect(error.issues.map((i) => i.path).sort()).toEqual(["metric", "rows"]);
    const tooMany = await getHeatmap(get(`/api/v1/clusters/orders/heatmap?from=${now - 86_400_000}&to=${now}&step=1000`), params({ cluster: "orders" }));
    expect(((await tooMany.json()) as { error: { issues: { path: string }[] } }).error.issues[0]!.path).toBe("step");
    expect((await getShards(get("/api/v1/clusters/orders/shards?limit=500"), params({ cluster: "orders" }))).status).toBe(422);
  });
});
