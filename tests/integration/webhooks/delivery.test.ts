import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { SYSTEM_ACTOR } from "@/lib/auth/actor";
import { createWebhook, publishEvent, resendDelivery, WebhookDeliverer, type TDelivererOptions, type TWebhookEventType } from "@/lib/webhooks";
import { claimDeliveries } from "@/lib/webhooks/claim-deliveries";
import { verifySignature, type TSignedHeaders } from "@/lib/webhooks/sign";
import { BACKENDS, migratedDatabase, type TTestDatabase } from "../helpers/databases";
import { startReceiver, waitFor } from "./receiver";

const LOOPBACK = { allowPrivate: false, allowLoopback: true };
const FAST = { baseMs: 20, capMs: 100, retryMs: 60_000 };

describe.each(BACKENDS)("webhook delivery on %s", (kind) => {
  let db: TTestDatabase;
  let receiver: Awaited<ReturnType<typeof startReceiver>> | null = null;
  const deliverers: WebhookDeliverer[] = [];
  const ctx = () => ({ db: db.prisma, actor: SYSTEM_ACTOR });

  beforeEach(async () => {
    db = await migratedDatabase(kind);
  });
  afterEach(async () => {
    await Promise.all(deliverers.splice(0).map((d) => d.stop()));
    await receiver?.close();
    receiver = null;
    await db.drop();
  });

  function deliver(overrides: Partial<TDelivererOptions> = {}) {
    const d = WebhookDeliverer.start({ db: db.prisma, policy: LOOPBACK, timeoutMs: 2000, maxBytes: 65536, disableAfter: 3, concurrency: 8, backoff: FAST, pollMs: 50, ...overrides });
    deliverers.push(d);
    return d;
  }
  async function endpoint(url: string, eventTypes: TWebhookEventType[] = ["alert.firing"]) {
    return createWebhook({ ctx: ctx(), input: { name: "ops", url, eventTypes }, guard: { policy: LOOPBACK } });
  }

  it("retries a failing receiver until it answers 2xx, signing every attempt with the same webhook-id", async () => {
    receiver = await startReceiver({ failFirst: 2 });
    const { secret } = await endpoint(receiver.url);
    const ev = await publishEvent(db.prisma, { type: "alert.firing", payload: { id: "a1", summary: "s-07 is hot" } });
    expect(ev.deliveries).toBe(1);
    deliver();
    await waitFor(() => receiver!.acked.has(ev.id), 15_000, "the ack");
    await waitFor(async () => (await db.prisma.webhookDelivery.findFirstOrThrow()).state === "delivered", 5000, "delivered state");
    expect(receiver.seen.get(ev.id)).toBe(3);
    for (const r of receiver.log) {
      expect(verifySignature(secret, r.body, r.headers as unknown as TSignedHeaders)).toMatchObject({ type: "alert.firing", data: { id: "a1" } });
    }
    const attempts = await db.prisma.webhookAttempt.findMany({ orderBy: { at: "asc" } });
    expect(attempts.map((a) => a.status)).toEqual([500, 500, 200]);
    expect(attempts[0]!.responseExcerpt).toBe("failing attempt 1");
    expect(attempts[0]!.retryAt).not.toBeNull();
  });

  it("publishes inside the caller's transaction: a rollback leaves no event and sends nothing", async () => {
    receiver = await startReceiver();
    await endpoint(receiver.url);
    await expect(
      db.prisma.$transaction(async (tx) => {
        expect((await publishEvent(tx, { type: "alert.firing", payload: {} })).deliveries).toBe(1);
        throw new Error("the caller's change failed");
      }),
    ).rejects.toThrow("the caller's change failed");
    expect(await db.prisma.webhookEvent.count()).toBe(0);
    expect(await db.prisma.webhookDelivery.count()).toBe(0);
  });

  it("does not queue events for endpoints that did not subscribe to the type", async () => {
    receiver = await startReceiver();
    await endpoint(receiver.url, ["alert.resolved"]);
    const ev = await publishEvent(db.prisma, { type: "alert.firing", payload: {} });
    expect(ev.deliveries).toBe(0);
  });

  it("gives up after the retry window and disables the endpoint after N failed deliveries, with an audit row", async () => {
    receiver = await startReceiver({ failFirst: 1_000_000 });
    const { webhook } = await endpoint(receiver.url);
    for (let i = 0; i < 3; i++) await publishEvent(db.prisma, { type: "alert.firing", payload: { id: `a${i}` } });
    deliver({ backoff: { baseMs: 20, capMs: 50, retryMs: 300 }, disableAfter: 3, concurrency: 1 });
    await waitFor(async () => !(await db.prisma.webhookEndpoint.findUniqueOrThrow({ where: { id: webhook.id } })).enabled, 15_000, "auto-disable");
    const row = await db.prisma.webhookEndpoint.findUniqueOrThrow({ where: { id: webhook.id } });
    expect(row.disabledReason).toMatch(/3 deliveries in a row failed/);
    expect(await db.prisma.auditLog.count({ where: { action: "webhook.auto_disable", targetId: webhook.id } })).toBe(1);
    expect(await db.prisma.webhookDelivery.count({ where: { state: "failed" } })).toBe(3);
    // An event published while the endpoint is off is not queued for it; one still pending is kept, unsent.
    expect((await publishEvent(db.prisma, { type: "alert.firing", payload: {} })).deliveries).toBe(0);
    await db.prisma.webhookDelivery.updateMany({ where: { state: "failed" }, data: { state: "pending", createdAt: new Date() } });
    const sent = receiver.log.length;
    await new Promise((r) => setTimeout(r, 300));
    expect(receiver.log.length).toBe(sent);
    expect(await db.prisma.webhookDelivery.count({ where: { state: "pending" } })).toBe(3);
  });

  it("claims the oldest due event first, so a retry that came due is not queued behind newer first attempts", async () => {
    receiver = await startReceiver();
    await endpoint(receiver.url);
    const older = await publishEvent(db.prisma, { type: "alert.firing", payload: { id: "older" } });
    const newer = [];
    for (let i = 0; i < 3; i++) newer.push(await publishEvent(db.prisma, { type: "alert.firing", payload: { id: `newer${i}` } }));
    const now = Date.now();
    // The older event failed once and its retry is due now; the newer ones have waited longer for their first attempt.
    await db.prisma.webhookDelivery.updateMany({ where: { eventId: older.id }, data: { nextAttemptAt: new Date(now - 1000), attempts: 1 } });
    await db.prisma.webhookDelivery.updateMany({ where: { eventId: { in: newer.map((e) => e.id) } }, data: { nextAttemptAt: new Date(now - 10_000) } });
    const [first] = await claimDeliveries(db.prisma, { token: "t/1", max: 1, now: new Date(now), leaseMs: 60_000 });
    expect(first?.eventId).toBe(older.id);
  });

  it("reuses one kept-alive connection for consecutive deliveries to the same endpoint", async () => {
    receiver = await startReceiver();
    await endpoint(receiver.url);
    for (let i = 0; i < 10; i++) await publishEvent(db.prisma, { type: "alert.firing", payload: { id: `a${i}` } });
    deliver({ concurrency: 1 });
    await waitFor(() => receiver!.acked.size === 10, 10_000, "ten acks");
    expect(receiver.connections).toBe(1);
  });

  it("resends a delivered event with the same webhook-id", async () => {
    receiver = await startReceiver();
    await endpoint(receiver.url);
    const ev = await publishEvent(db.prisma, { type: "alert.firing", payload: {} });
    deliver();
    await waitFor(async () => (await db.prisma.webhookDelivery.findFirstOrThrow()).state === "delivered", 10_000, "first delivery");
    const d = await db.prisma.webhookDelivery.findFirstOrThrow();
    const view = await resendDelivery({ ctx: ctx(), input: { id: d.id } });
    expect(view.state).toBe("pending");
    await waitFor(() => receiver!.seen.get(ev.id) === 2, 10_000, "the resend");
    await waitFor(async () => (await db.prisma.webhookDelivery.findFirstOrThrow()).attempts === 2, 5000, "two attempts");
  });

  it("never sends one attempt twice when two deliverers share the outbox", async () => {
    receiver = await startReceiver({ delayMs: 5 });
    await endpoint(receiver.url);
    const ids: string[] = [];
    for (let i = 0; i < 150; i++) ids.push((await publishEvent(db.prisma, { type: "alert.firing", payload: { id: `a${i}` } })).id);
    const other = kind === "postgres" ? await import("@/lib/db").then((m) => m.openDatabase({ url: db.url, dataDir: "unused", poolSize: 4 })) : null;
    try {
      deliver();
      deliver(other ? { db: other.prisma } : {});
      await waitFor(() => receiver!.acked.size === ids.length, 30_000, "all acks");
      await waitFor(async () => (await db.prisma.webhookDelivery.count({ where: { state: "delivered" } })) === ids.length, 5000, "all delivered");
      expect([...receiver.seen.values()].every((n) => n === 1)).toBe(true);
      expect(receiver.maxConcurrentPerId).toBe(1);
      expect(await db.prisma.webhookAttempt.count()).toBe(ids.length);
    } finally {
      await Promise.all(deliverers.splice(0).map((d) => d.stop()));
      await other?.close();
    }
  });
});
