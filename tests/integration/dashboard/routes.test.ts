import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { GET as getCache } from "@/app/api/v1/cache/route";
import { GET as getReplication } from "@/app/api/v1/replication/route";
import type { TReplicationResult, TCacheResult } from "@/lib/dashboard/schemas";
import { persistTransitions } from "@/lib/detection/alerts";
import type { TAlert } from "@/lib/detection/engine/types";
import { seedDefaultRules } from "@/lib/detection/rules/seed-default-rules";
import { setRuntime, type TRuntime } from "@/lib/runtime";
import { applySample } from "@/lib/telemetry/apply-sample";
import { seriesKey } from "@/lib/telemetry/points";
import type { TSample } from "@/lib/telemetry/sample";
import { WindowStore } from "@/lib/telemetry/window-store";
import { createToken } from "@/lib/tokens";
import { BACKENDS, migratedDatabase, type TTestDatabase } from "../helpers/databases";
import { makeAlert, seedDetectionPeople } from "../detection/helpers";

// The replication and cache routes against a real database and a seeded window store.
const BASE = "http://127.0.0.1:3000";
const noParams = { params: Promise.resolve({}) };
const MIN = 60_000;

/** 10 minutes of samples every 5 s up to `now`: six replicas of orders, two cache nodes of users. */
function seededStore(now: number): WindowStore {
  const store = new WindowStore();
  const put = (s: TSample) => applySample(store, s, s.ts, () => undefined);
  for (let t = now - 10 * MIN; t <= now; t += 5000) {
    const last = now - t < MIN;
    const lags = [45, 0.1, 0, 12, 0.3, 0.2];
    lags.forEach((lag, i) => {
      if (i === 4 && now - t < 2 * MIN) return; // s-4-r1 went silent 2 minutes ago
      put({ type: "replica", cluster: "orders", shard: `s-${i}`, replica: `s-${i}-r1`, node: `db-${i % 2}`, ts: t, lagSeconds: lag });
    });
    put({ type: "cache", cluster: "users", node: "c-1", ts: t, hitsPerSec: 900, missesPerSec: 100, evictionsPerSec: 5 });
    put({
      type: "cache",
      cluster: "users",
      node: "c-2",
      ts: t,
      hitsPerSec: last ? 300 : 900,
      missesPerSec: last ? 700 : 100,
      evictionsPerSec: 10,
      hotKeys: [
        { key: "user:9", perSec: 400 },
        { key: "user:1", perSec: 50 },
      ],
    });
  }
  return store;
}

describe.each(BACKENDS)("dashboard routes on %s", (kind) => {
  let db: TTestDatabase;
  let read: string;
  let now: number;
  const get = (path: string, token?: string) => new Request(BASE + path, { headers: token ? { authorization: `Bearer ${token}` } : {} });

  beforeEach(async () => {
    db = await migratedDatabase(kind);
    const people = await seedDetectionPeople(db);
    read = (await createToken({ ctx: people.adminCtx, input: { name: "dashboard", scopes: ["read"] } })).secret;
    await seedDefaultRules(db.prisma);
    const ruleId = new Map((await db.prisma.rule.findMany()).map((r) => [r.name, r.id]));
    now = Date.now();
    const open = (id: string, rule: string, labels: TAlert["labels"]): TAlert =>
      makeAlert({ id, ruleId: ruleId.get(rule)!, ruleName: rule, state: "firing", labels, activeAt: now - MIN, firedAt: now - 50_000, lastEvalAt: now });
    const alerts = [
      open("stall", "replica-stalled", { cluster: "orders", shard: "s-2", replica: "s-2-r1" }),
      open("grow", "replica-lag-growing", { cluster: "orders", shard: "s-3", replica: "s-3-r1" }),
      open("drop", "cache-hit-drop", { cluster: "users", node: "c-2" }),
      open("hot", "hot-key", { cluster: "users", node: "c-2", key: "user:9" }),
    ];
    await persistTransitions(
      db.prisma,
      alerts.map((alert) => ({ type: "firing" as const, alert, at: now, notify: false })),
    );
    const store = seededStore(now);
    setRuntime(Promise.resolve({ env: { baseUrl: BASE }, db, auth: { api: { getSession: async () => null } }, telemetry: { store } } as unknown as TRuntime));
  });
  afterEach(() => db.drop());

  it("GET /api/v1/replication needs a reader and names each bad parameter", async () => {
    expect((await getReplication(get("/api/v1/replication"), noParams)).status).toBe(401);
    for (const [qs, path] of [
      ["state=sleepy", "state"],
      ["limit=0", "limit"],
      ["limit=500", "limit"],
      ["offset=-1", "offset"],
      [`from=${now}&to=${now - MIN}`, "from"],
      [`from=${now - 24 * 60 * MIN}&to=${now}&step=1000`, "step"],
    ]) {
      const res = await getReplication(get(`/api/v1/replication?${qs}`, read), noParams);
      expect(res.status, qs).toBe(422);
      const body = (await res.json()) as { error: { issues: { path: string; message: string }[] } };
      expect(body.error.issues.map((i) => i.path), qs).toContain(path);
    }
  });

  it("GET /api/v1/replication classifies replicas, sorts the worst first, pages, and charts lag against the SLO", async () => {
    const res = await getReplication(get(`/api/v1/replication?from=${now - 15 * MIN}&to=${now + 1}&step=60000`, read), noParams); // to is exclusive: + 1 keeps the sample at now, as the cache test does
    expect(res.status).toBe(200);
    const r = (await res.json()) as TReplicationResult;
    expect(r.cluster).toBe("orders");
    expect(r.clusters).toEqual(["orders"]);
    expect(r.slo).toEqual({ rule: "replica-lag-slo", seconds: 30 });
    expect(r.counts).toEqual({ total: 6, missing: 1, stalled: 1, lagging: 1, growing: 1, healthy: 2 });
    expect(r.replicas.rows.map((x) => [x.replica, x.state, x.rule])).toEqual([
      ["s-4-r1", "missing", null],
      ["s-2-r1", "stalled", "replica-stalled"],
      ["s-0-r1", "lagging", null],
      ["s-3-r1", "growing", "replica-lag-growing"],
      ["s-5-r1", "healthy", null],
      ["s-1-r1", "healthy", null],
    ]);
    expect(r.replicas.rows[2]).toMatchObject({ shard: "s-0", node: "db-0", lag: 45 });
    expect(r.replicas.rows[0]!.lag).toBeNull();
    expect(r.replicas.rows[2]!.trend.filter((v) => v !== null).every((v) => v === 45)).toBe(true);
    expect(r.chart.worst.map((w) => w.replica).slice(0, 2)).toEqual(["s-0-r1", "s-3-r1"]);
    expect(r.chart.buckets).toBe(r.chart.p99.length);
    expect(r.chart.max.at(-1)).toBe(45);
    expect(r.chart.p99.at(-1)).toBe(45); // 5 reporting replicas: p99 is the largest
    expect(r.chart.p99[0]).toBeNull(); // 15 minutes ago nothing reported yet

    const page2 = (await (await getReplication(get("/api/v1/replication?limit=2&offset=2", read), noParams)).json()) as TReplicationResult;
    expect(page2.replicas).toMatchObject({ total: 6, offset: 2, limit: 2 });
    expect(page2.replicas.rows.map((x) => x.replica)).toEqual(["s-0-r1", "s-3-r1"]);
    const healthy = (await (await getReplication(get("/api/v1/replication?state=healthy", read), noParams)).json()) as TReplicationResult;
    expect(healthy.replicas.rows.map((x) => x.replica)).toEqual(["s-5-r1", "s-1-r1"]);
    const none = (await (await getReplication(get("/api/v1/replication?cluster=nowhere", read), noParams)).json()) as TReplicationResult;
    expect(none).toMatchObject({ cluster: "nowhere", clusters: ["orders"], counts: { total: 0 }, replicas: { total: 0, rows: [] } });
  });

  it("GET /api/v1/replication reads the part of the range older than the window from the rollups", async () => {
    const bucket = Math.floor((now - 2 * 60 * MIN) / MIN) * MIN;
    const key = seriesKey("replica.lagSeconds", "orders", "s-0-r1");
    const [row] = await db.sql.query<{ id: number }>(`INSERT INTO series (key, metric, cluster, labels) VALUES ($1, 'replica.lagSeconds', 'orders', $2) RETURNING id`, [
      key,
      JSON.stringify({ cluster: "orders", shard: "s-0", replica: "s-0-r1" }),
    ]);
    await db.sql.query(`INSERT INTO rollup_10s (series_id, bucket, count, min, max, sum, last, last_ts) VALUES ($1, $2, 2, 90, 100, 190, 100, $2)`, [row!.id, bucket]);
    const from = now - 3 * 60 * MIN;
    const r = (await (await getReplication(get(`/api/v1/replication?from=${from}&to=${now}&step=60000`, read), noParams)).json()) as TReplicationResult;
    const b = (bucket - r.chart.start) / r.chart.step;
    expect(r.chart.windowStart).toBeGreaterThan(bucket);
    expect(r.chart.max[b]).toBe(100);
    expect(r.chart.p99[b]).toBe(100);
    expect(r.chart.worst[0]).toMatchObject({ replica: "s-0-r1" });
    expect(r.chart.worst[0]!.values[b]).toBe(100);
  });

  it("GET /api/v1/cache: nodes against the rule's baseline, statuses from alerts, hot keys and their shares", async () => {
    expect((await getCache(get("/api/v1/cache"), noParams)).status).toBe(401);
    const bad = await getCache(get("/api/v1/cache?node=&step=5", read), noParams);
    expect(bad.status).toBe(422);
    const issues = ((await bad.json()) as { error: { issues: { path: string }[] } }).error.issues.map((i) => i.path);
    expect(issues).toEqual(expect.arrayContaining(["node", "step"]));

    const res = await getCache(get(`/api/v1/cache?from=${now - 15 * MIN}&to=${now + 1}&step=60000`, read), noParams);
    expect(res.status).toBe(200);
    const c = (await res.json()) as TCacheResult;
    expect(c.cluster).toBe("users");
    expect(c.rules).toEqual({ hitDrop: { rule: "cache-hit-drop", fireDrop: 0.15, baselineMinutes: 20 }, hotKey: { rule: "hot-key", fireShare: 0.25 } });
    expect(c.nodes.map((n) => [n.node, n.statuses])).toEqual([
      ["c-1", []],
      ["c-2", ["hit-drop", "hot-key"]],
    ]);
    const c2 = c.nodes[1]!;
    expect(c2.hitRatio).toBeCloseTo(0.3, 5);
    expect(c2.baseline).toBeCloseTo(0.9, 5);
    expect(c2.getsPerSec).toBe(1000);
    expect(c.hotKeys.map((k) => [k.key, k.node, k.share, k.alert])).toEqual([
      ["user:9", "c-2", 0.4, "firing"],
      ["user:1", "c-2", 0.05, null],
    ]);
    expect(c.focus?.node).toBe("c-2");
    const f = c.focus!;
    expect(f.hitRatio.at(-1)).toBeCloseTo(0.3, 5);
    expect(f.baseline.at(-1)).toBeCloseTo(0.9, 5);
    expect(f.hotKeys.map((k) => k.key)).toEqual(["user:9", "user:1"]);
    expect(f.hotKeys[0]!.share.at(-1)).toBeCloseTo(0.4, 5);

    const c1 = (await (await getCache(get("/api/v1/cache?cluster=users&node=c-1", read), noParams)).json()) as TCacheResult;
    expect(c1.focus).toMatchObject({ node: "c-1", hotKeys: [] });
    const missing = (await (await getCache(get("/api/v1/cache?node=nope", read), noParams)).json()) as TCacheResult;
    expect(missing.focus).toBeNull();
    const elsewhere = (await (await getCache(get("/api/v1/cache?cluster=orders", read), noParams)).json()) as TCacheResult;
    expect(elsewhere).toMatchObject({ cluster: "orders", nodes: [], focus: null, hotKeys: [] });
  });
});
