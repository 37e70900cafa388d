import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { SYSTEM_ACTOR } from "@/lib/auth/actor";
import type { DetectionService, TNotifier } from "@/lib/detection/live/service";
import { approveMitigation, chooseMitigations, proposeMitigations, rejectMitigation } from "@/lib/mitigation";
import type { TChoiceInput } from "@/lib/mitigation/choose";
import { setMitigationSink } from "@/lib/mitigation/event-sink";
import { createComponent, createNotice, publishNotice } from "@/lib/status";
import { StatusService } from "@/lib/status/service";
import { createUser } from "@/lib/users";
import { createWebhook, type TWebhookEventType } from "@/lib/webhooks";
import { toAlertView } from "@/lib/detection/alerts";
import { ALERT_CHUNK, publishAlertEvents, wireEventSources } from "@/lib/webhooks/event-sources";
import { BACKENDS, migratedDatabase, type TTestDatabase } from "../helpers/databases";
import { seedPeople } from "../helpers/actors";

// The product's own changes reach the outbox: alert transitions, mitigation transitions (inside their
// transaction) and notice publication, each as the API's view plus the console URL.
const BASE = "https://shardwatch.example";
const T0 = 1_763_812_800_000;
const ALL: TWebhookEventType[] = [
  "alert.firing",
  "alert.resolved",
  "mitigation.proposed",
  "mitigation.approved",
  "mitigation.completed",
  "notice.published",
  "notice.updated",
];

describe.each(BACKENDS)("outgoing event sources on %s", (kind) => {
  let db: TTestDatabase;
  let notifiers: TNotifier[];
  let status: StatusService;

  beforeEach(async () => {
    db = await migratedDatabase(kind);
    notifiers = [];
    const detection = { onNotify: (fn: TNotifier) => notifiers.push(fn) } as unknown as DetectionService;
    status = await StatusService.start({ db: db.prisma, detection: null, cfg: { tickMs: 60_000, draftAfterMs: 60_000 } }, { timer: false });
    wireEventSources({ db: db.prisma, baseUrl: BASE, detection, status });
    await createWebhook({
      ctx: { db: db.prisma, actor: SYSTEM_ACTOR },
      input: { name: "ops", url: "https://hooks.example/in", eventTypes: ALL },
      guard: { policy: { allowPrivate: false, allowLoopback: false }, resolve: async () => [{ address: "93.184.216.34", family: 4 }] },
    });
  });
  afterEach(async () => {
    setMitigationSink(null);
    await status.stop();
    await db.drop();
  });

  const events = async () =>
    (await db.prisma.webhookEvent.findMany({ orderBy: { createdAt: "asc" }, include: { deliveries: true } })).map((e) => ({
      type: e.type,
      payload: e.payload as Record<string, unknown>,
      deliveries: e.deliveries.length,
    }));

  const firingAlert = (i: number) => ({
    id: `a-${i}`,
    fingerprint: `f-${i}`,
    ruleId: "r",
    ruleName: "replica-lag-high",
    severity: "critical" as const,
    state: "firing" as const,
    labels: { cluster: "orders", shard: `s-${i}`, node: "db-3" },
    value: 90,
    summary: "lag 90 s",
    activeAt: T0,
    firedAt: T0 + 20_000,
    resolvedAt: null,
    lastEvalAt: T0 + 20_000,
    flapping: false,
    flapCount: 0,
  });

  it("a firing alert that no silence matches becomes alert.firing with its console URL; a silenced one does not", async () => {
    const alert = {
      ...firingAlert(1),
      fingerprint: "f",
      ruleName: "shard-p99-high",
      labels: { cluster: "orders", shard: "s-07", node: "db-3" },
      value: 900,
      summary: "p99 900 ms",
    };
    for (const n of notifiers)
      await n([
        { transition: { type: "firing", alert, at: T0, notify: true }, silenced: false },
        { transition: { type: "firing", alert: { ...alert, id: "a-2" }, at: T0, notify: true }, silenced: true },
      ]);
    expect(await events()).toEqual([
      { type: "alert.firing", payload: expect.objectContaining({ id: "a-1", rule: "shard-p99-high", url: `${BASE}/alerts/a-1` }) as unknown, deliveries: 1 },
    ]);
  });

  it(`a batch larger than one transaction (${ALERT_CHUNK} events) is stored whole, in chunks`, async () => {
    const n = ALERT_CHUNK * 2 + 50;
    const batch = Array.from({ length: n }, (_, i) => ({
      transition: { type: "firing" as const, alert: firingAlert(i), at: T0, notify: true },
      silenced: false,
    }));
    for (const notify of notifiers) await notify(batch);
    const stored = await events();
    expect(stored).toHaveLength(n);
    expect(new Set(stored.map((e) => e.payload.id))).toEqual(new Set(batch.map((b) => b.transition.alert.id)));
    expect(stored.every((e) => e.deliveries === 1)).toBe(true);
  });

  it("a chunk whose transaction fails is rolled back and stored by a later try, once", async () => {
    let failures = 1;
    const flaky = new Proxy(db.prisma, {
      get(target, prop, receiver) {
        if (prop === "$transaction")
          return (fn: never, opts: never) => {
            if (failures-- > 0) return Promise.reject(new Error("Transaction API error: the transaction expired"));
            return target.$transaction(fn, opts);
          };
        return Reflect.get(target, prop, receiver) as unknown;
      },
    });
    const events3 = [0, 1, 2].map((i) => ({ type: "alert.firing" as const, alert: toAlertView(firingAlert(i)) }));
    await publishAlertEvents(flaky, BASE, events3, [20]);
    expect(await events()).toEqual([]);
    await vi.waitFor(async () => expect(await events()).toHaveLength(3), { timeout: 5_000, interval: 20 });
    await new Promise((r) => setTimeout(r, 100));
    expect(await events()).toHaveLength(3);
  });

  it("proposing and approving a mitigation store their events with the change; a rejection sends nothing", async () => {
    const people = await seedPeople(db);
    const u = await createUser({ ctx: people.adminCtx, input: { email: "op@test.local", name: "Op", role: "operator", password: "operator-password-1" } });
    const op = { type: "user" as const, id: u.id, label: u.email, email: u.email, name: u.name, role: "operator" as const };
    const signal: TChoiceInput = {
      trigger: "hot-shard",
      cluster: { name: "orders", shardCount: 8, qps: 12000, baselineQps: 12000 },
      shard: {
        id: "s-2",
        node: "db-1",
        qps: 5500,
        capacityQps: 6000,
        sizeGb: 20,
        keyRange: { start: "2", end: "3" },
        replicas: [],
        load: { readQps: 1000, writeQps: 4500, replicaReadQps: 0, readsToReplicas: 0, topKeys: [], salted: [], overlaid: [] },
      },
      nodes: Array.from({ length: 4 }, (_, i) => ({
        id: `db-${i}`,
        capacityQps: 12000,
        up: true,
        shards: [
          { id: `s-${i * 2}`, qps: i * 2 === 2 ? 5500 : 900 },
          { id: `s-${i * 2 + 1}`, qps: 900 },
        ],
      })),
      copyMBps: 200,
      replicaLagSloSeconds: 30,
    };
    const choice = chooseMitigations(signal);
    const [first, second] = await proposeMitigations({
      ctx: { db: db.prisma, actor: SYSTEM_ACTOR, now: new Date(T0) },
      input: { cluster: "orders", alertId: null, diagnosis: choice.diagnosis, drafts: choice.proposals, signal, source: "detection" },
      policy: { ttlMs: 3_600_000, secondApprover: [] },
    });
    await approveMitigation({ ctx: { db: db.prisma, actor: op, now: new Date(T0 + 1000) }, input: { id: first!.id, comment: "go" } });
    if (second) await rejectMitigation({ ctx: { db: db.prisma, actor: op, now: new Date(T0 + 1000) }, input: { id: second.id, comment: "no" } });
    const types = (await events()).map((e) => e.type);
    expect(types.filter((t) => t === "mitigation.proposed")).toHaveLength(second ? 2 : 1);
    expect(types.filter((t) => t === "mitigation.approved")).toHaveLength(1);
    expect(types).not.toContain("mitigation.completed");
    const approved = (await events()).find((e) => e.type === "mitigation.approved")!;
    expect(approved.payload).toMatchObject({ id: first!.id, state: "approved", url: `${BASE}/mitigations/${first!.id}` });
  });

  it("publishing a notice stores notice.published with the public form only", async () => {
    const people = await seedPeople(db);
    const c = await createComponent({ ctx: people.adminCtx, input: { name: "Orders API", targets: [{ cluster: "orders", shard: "s-07" }] } });
    const n = await createNotice({
      ctx: people.adminCtx,
      input: { kind: "incident", title: "Slow orders", components: [{ componentId: c.id, level: "degraded_performance" }], message: "Orders are slow." },
    });
    await publishNotice({ ctx: people.adminCtx, input: { id: n.id }, emit: status.emit });
    const [e] = (await events()).filter((x) => x.type === "notice.published");
    expect(e!.payload).toMatchObject({ title: "Slow orders", url: `${BASE}/status` });
    expect(JSON.stringify(e!.payload)).not.toContain("s-07");
  });
});
