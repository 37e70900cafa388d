import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { listAlerts } from "@/lib/detection/alerts";
import { DetectionService, type TDetectionConfig, type TNotification } from "@/lib/detection/live/service";
import { createRule, listRules } from "@/lib/detection/rules";
import { createSilence } from "@/lib/detection/silences";
import { applySample } from "@/lib/telemetry/apply-sample";
import type { TSample } from "@/lib/telemetry/sample";
import { WindowStore } from "@/lib/telemetry/window-store";
import { BACKENDS, migratedDatabase, type TTestDatabase } from "../helpers/databases";
import { seedDetectionPeople } from "./helpers";

// The live loop against a real database: defaults seeded, transitions stored, restart resumes the same
// alert, a rule that throws is disabled and the others go on, silences mute notifications only.

const T0 = Date.UTC(2026, 10, 23, 10);
const CFG: TDetectionConfig = { evalIntervalMs: 2000, latenessMs: 1000, staleMs: 30_000, snapshotMs: 15_000 };

function shardStep(ts: number, hot: boolean, shards = 8): TSample[] {
  return Array.from({ length: shards }, (_, i) => ({
    type: "shard" as const,
    cluster: "orders",
    shard: `s-0${i}`,
    node: `db-${i % 4}`,
    ts,
    qps: i === 3 && hot ? 12_000 : 1_000 + 10 * i,
  }));
}

describe.each(BACKENDS)("live detection on %s", (kind) => {
  let db: TTestDatabase;
  let people: Awaited<ReturnType<typeof seedDetectionPeople>>;
  let store: WindowStore;
  const services: DetectionService[] = [];
  beforeEach(async () => {
    db = await migratedDatabase(kind);
    people = await seedDetectionPeople(db);
    store = new WindowStore();
  });
  afterEach(async () => {
    for (const s of services.splice(0)) await s.stop();
    await db.drop();
  });

  async function start(): Promise<DetectionService> {
    const svc = await DetectionService.start(db.prisma, store, CFG, { timer: false });
    services.push(svc);
    return svc;
  }

  /** Pushes one 5 s step and evaluates 2 s later (wall clock), as the live loop would. */
  async function step(svc: DetectionService, ts: number, hot: boolean): Promise<void> {
    for (const s of shardStep(ts, hot)) applySample(store, s, ts, () => undefined);
    await svc.tick(ts + 2000);
  }

  it("seeds the default rules, fires a hot shard after `for`, and a restart resumes the same alert", { timeout: 60_000 }, async () => {
    const svc = await start();
    const rules = await listRules({ ctx: people.viewerCtx });
    expect(rules.map((r) => r.name)).toContain("hot-shard");
    for (let k = 0; k < 4; k++) await step(svc, T0 + k * 5000, false);
    for (let k = 4; k < 8; k++) await step(svc, T0 + k * 5000, true);
    const [alert] = await listAlerts({ ctx: people.viewerCtx, input: { state: ["firing"] } });
    expect(alert).toMatchObject({ rule: "hot-shard", labels: { cluster: "orders", shard: "s-03", node: "db-3" }, activeAt: T0 + 20_000, firedAt: T0 + 30_000 });
    expect(alert!.summary).toMatch(/^orders\/s-03 takes \d+% of cluster qps \(fair share 13%, 12,000 qps\) for \d+ s$/);
    expect((await listRules({ ctx: people.viewerCtx })).find((r) => r.name === "hot-shard")!.detectionLatency).toEqual({
      fired: 1,
      p50Ms: 10_000,
      p95Ms: 10_000,
    });

    await svc.stop();
    const again = await start();
    for (let k = 8; k < 10; k++) await step(again, T0 + k * 5000, true);
    const firing = await listAlerts({ ctx: people.viewerCtx, input: { state: ["firing"] } });
    expect(firing.map((a) => a.id)).toEqual([alert!.id]);
    for (let k = 10; k < 12; k++) await step(again, T0 + k * 5000, false);
    const [resolved] = await listAlerts({ ctx: people.viewerCtx, input: { state: ["resolved"] } });
    expect(resolved).toMatchObject({ id: alert!.id, resolvedAt: T0 + 50_000 });
  });

  it("evaluates a new 5 s step as soon as it settles, and a continuous stream at most once per interval", { timeout: 60_000 }, async () => {
    const svc = await start();
    for (const s of shardStep(T0, false)) applySample(store, s, T0, () => undefined);
    await svc.tickIfDue(T0 + 1000);
    expect(svc.status.lastEvalAt).toBe(T0);
    // The next step lands at T0 + 5 s: not before its lateness has passed, then at once (no waiting for a tick).
    for (const s of shardStep(T0 + 5000, false)) applySample(store, s, T0 + 5000, () => undefined);
    expect(svc.tickIfDue(T0 + 5500)).toBeUndefined(); // waits for the step instead of evaluating the quiet time before it
    expect(svc.status.lastEvalAt).toBe(T0);
    await svc.tickIfDue(T0 + 6000);
    expect(svc.status.lastEvalAt).toBe(T0 + 5000);
    // A stream with a sample every 250 ms: evaluated once the eval interval (2 s) of wall time has passed.
    let evals = 0;
    for (let t = T0 + 5250; t <= T0 + 9000; t += 250) {
      for (const s of shardStep(t, false)) applySample(store, s, t, () => undefined);
      const before = svc.status.lastEvalAt;
      await svc.tickIfDue(t + 100); // the newest sample is always fresher than the allowed lateness
      if (svc.status.lastEvalAt !== before) evals++;
    }
    expect(evals).toBe(1);
  });

  it("disables a rule that throws, says why, and keeps evaluating the others", { timeout: 60_000 }, async () => {
    await start(); // seeds the defaults first
    await createRule({
      ctx: people.operatorCtx,
      input: { name: "qps-anomaly-all", title: "qps anomaly everywhere", kind: "anomaly", params: { metric: "shard.qps" } },
    });
    const svc = await start();
    const wide = (ts: number) => Array.from({ length: 600 }, (_, i) => ({ type: "shard" as const, cluster: "big", shard: `b-${i}`, node: "n", ts, qps: 100 }));
    for (let k = 0; k < 8; k++) {
      for (const s of wide(T0 + k * 5000)) applySample(store, s, T0 + k * 5000, () => undefined);
      await step(svc, T0 + k * 5000, k >= 4);
    }
    const rule = (await listRules({ ctx: people.viewerCtx })).find((r) => r.name === "qps-anomaly-all")!;
    expect(rule.enabled).toBe(false);
    expect(rule.disabledReason).toMatch(/more than 500 series; limit it to one cluster/);
    expect((await listAlerts({ ctx: people.viewerCtx, input: { state: ["firing"] } })).map((a) => a.rule)).toEqual(["hot-shard"]);
  });

  it("a silence mutes the notification, not the alert", { timeout: 60_000 }, async () => {
    const svc = await start();
    const heard: TNotification[] = [];
    svc.onNotify((batch) => void heard.push(...batch));
    await createSilence({ ctx: people.operatorCtx, input: { matchers: [{ label: "shard", op: "=", value: "s-03" }], duration: "1h", comment: "maintenance" } });
    const base = Date.now() - 60_000; // silences are in wall-clock time
    for (let k = 0; k < 4; k++) await step(svc, base + k * 5000, false);
    for (let k = 4; k < 8; k++) await step(svc, base + k * 5000, true);
    expect((await listAlerts({ ctx: people.viewerCtx, input: { state: ["firing"] } })).map((a) => a.rule)).toEqual(["hot-shard"]);
    expect(heard).toHaveLength(1);
    expect(heard[0]).toMatchObject({ silenced: true, transition: { type: "firing" } });
  });

  it("an alert a running mitigation predicts is stored as expected and not told, until the mitigation settles", { timeout: 60_000 }, async () => {
    const svc = await start();
    const heard: TNotification[] = [];
    svc.onNotify((batch) => void heard.push(...batch));
    let running = true; // a split of orders/s-03 is running
    svc.setExpectation((labels) => running && labels.cluster === "orders" && labels.shard === "s-03");
    for (let k = 0; k < 4; k++) await step(svc, T0 + k * 5000, false);
    for (let k = 4; k < 8; k++) await step(svc, T0 + k * 5000, true);
    const [alert] = await listAlerts({ ctx: people.viewerCtx, input: { state: ["firing"] } });
    expect(alert).toMatchObject({ rule: "hot-shard", labels: { shard: "s-03" }, expected: true });
    expect(heard).toEqual([]);
    // The mitigation settles while the shard is still hot: the normal rules apply again, told once.
    running = false;
    await svc.releaseExpected(T0 + 40_000);
    expect(heard.map((n) => [n.transition.type, n.transition.alert.labels.shard])).toEqual([["firing", "s-03"]]);
    expect((await listAlerts({ ctx: people.viewerCtx, input: { state: ["firing"] } }))[0]!.expected).toBe(false);
    await svc.releaseExpected(T0 + 45_000);
    expect(heard).toHaveLength(1);
  });
});
