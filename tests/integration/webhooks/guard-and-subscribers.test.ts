import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { SYSTEM_ACTOR } from "@/lib/auth/actor";
import { ValidationError } from "@/lib/errors";
import {
  confirmStatusSubscriber,
  createWebhook,
  publishEvent,
  subscribeToStatus,
  unsubscribeStatusSubscriber,
  WebhookDeliverer,
} from "@/lib/webhooks";
import { verifySignature, type TSignedHeaders } from "@/lib/webhooks/sign";
import { BACKENDS, migratedDatabase, type TTestDatabase } from "../helpers/databases";
import { startReceiver, waitFor } from "./receiver";

const LOOPBACK = { allowPrivate: false, allowLoopback: true };
const STRICT = { allowPrivate: false, allowLoopback: false };

describe.each(BACKENDS)("webhook guard and status subscribers on %s", (kind) => {
  let db: TTestDatabase;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let deliverer: WebhookDeliverer | null = null;
  const ctx = () => ({ db: db.prisma, actor: SYSTEM_ACTOR });
  const start = (policy = LOOPBACK, resolve?: (h: string) => Promise<{ address: string; family: 4 | 6 }[]>) =>
    (deliverer = WebhookDeliverer.start({ db: db.prisma, policy, resolve, timeoutMs: 2000, maxBytes: 4096, disableAfter: 5, concurrency: 4, backoff: { baseMs: 10_000 }, pollMs: 50 }));

  beforeEach(async () => {
    db = await migratedDatabase(kind);
    receiver = await startReceiver({ respond: (_id, n) => (n === 1 && receiver.log.length === 0 && redirectFirst ? { status: 302, headers: { location: "http://169.254.169.254/latest" } } : null) });
  });
  let redirectFirst = false;
  afterEach(async () => {
    await deliverer?.stop();
    deliverer = null;
    redirectFirst = false;
    await receiver.close();
    await db.drop();
  });

  it("refuses loopback, private and metadata targets when the endpoint is created", async () => {
    for (const url of ["http://127.0.0.1:9/x", "http://10.1.2.3/hook", "http://169.254.169.254/latest/meta-data", "http://[::ffff:127.0.0.1]/"]) {
      await expect(createWebhook({ ctx: ctx(), input: { name: "x", url, eventTypes: ["alert.firing"] }, guard: { policy: STRICT } })).rejects.toThrow(ValidationError);
    }
    expect(await db.prisma.webhookEndpoint.count()).toBe(0);
  });

  it("re-checks DNS at send time: a name that rebinds to loopback after creation is refused, nothing is sent", async () => {
    const port = new URL(receiver.url).port;
    const url = `http://hooks.example.test:${port}/hook`;
    await createWebhook({ ctx: ctx(), input: { name: "rebind", url, eventTypes: ["alert.firing"] }, guard: { policy: STRICT, resolve: async () => [{ address: "93.184.216.34", family: 4 }] } });
    await publishEvent(db.prisma, { type: "alert.firing", payload: {} });
    start(STRICT, async () => [{ address: "127.0.0.1", family: 4 }]);
    await waitFor(async () => (await db.prisma.webhookAttempt.count()) === 1, 10_000, "the refused attempt");
    const attempt = await db.prisma.webhookAttempt.findFirstOrThrow();
    expect(attempt.status).toBeNull();
    expect(attempt.error).toMatch(/refused: hooks\.example\.test resolves to 127\.0\.0\.1, a loopback address/);
    expect(receiver.log).toHaveLength(0);
    expect((await db.prisma.webhookDelivery.findFirstOrThrow()).state).toBe("pending"); // retried later, not dropped
  });

  it("does not follow a redirect: the attempt fails and names it", async () => {
    redirectFirst = true;
    await createWebhook({ ctx: ctx(), input: { name: "r", url: receiver.url, eventTypes: ["alert.firing"] }, guard: { policy: LOOPBACK } });
    await publishEvent(db.prisma, { type: "alert.firing", payload: {} });
    start();
    await waitFor(async () => (await db.prisma.webhookAttempt.count()) === 1, 10_000, "the attempt");
    const attempt = await db.prisma.webhookAttempt.findFirstOrThrow();
    expect(attempt.error).toMatch(/redirect to http:\/\/169\.254\.169\.254\/latest not followed/);
    expect(receiver.log).toHaveLength(1);
  });

  it("a subscriber gets a signed confirm event, receives notices once confirmed, and can unsubscribe", async () => {
    const sub = await subscribeToStatus({ ctx: { db: db.prisma, baseUrl: "https://status.test", guard: { policy: LOOPBACK } }, input: { url: receiver.url } });
    expect(sub.secret).toMatch(/^whsec_/);
    // Before confirmation it receives nothing but the confirmation request.
    expect((await publishEvent(db.prisma, { type: "notice.published", payload: { title: "x" } })).deliveries).toBe(0);
    start();
    await waitFor(() => receiver.log.length === 1, 10_000, "the confirm event");
    const confirm = verifySignature(sub.secret, receiver.log[0]!.body, receiver.log[0]!.headers as unknown as TSignedHeaders) as {
      type: string;
      data: { confirm: { url: string; token: string }; unsubscribe: { token: string } };
    };
    expect(confirm.type).toBe("subscription.confirm");
    expect(confirm.data.confirm.url).toBe(`https://status.test/api/v1/status/subscribers/${sub.id}:confirm`);
    await expect(confirmStatusSubscriber({ ctx: ctx(), input: { id: sub.id, token: "wrong-token-wrong-token" } })).rejects.toThrow(/No unconfirmed subscription/);
    await confirmStatusSubscriber({ ctx: ctx(), input: { id: sub.id, token: confirm.data.confirm.token } });
    await expect(confirmStatusSubscriber({ ctx: ctx(), input: { id: sub.id, token: confirm.data.confirm.token } })).rejects.toThrow(); // one-time
    expect((await publishEvent(db.prisma, { type: "alert.firing", payload: {} })).deliveries).toBe(0);
    const notice = await publishEvent(db.prisma, { type: "notice.updated", payload: { title: "Orders API degraded" } });
    expect(notice.deliveries).toBe(1);
    await waitFor(() => receiver.acked.has(notice.id), 10_000, "the notice");
    await unsubscribeStatusSubscriber({ ctx: ctx(), input: { id: sub.id, token: confirm.data.unsubscribe.token } });
    expect((await publishEvent(db.prisma, { type: "notice.updated", payload: {} })).deliveries).toBe(0);
  });

  it("refuses a subscriber URL on the host's own network", async () => {
    await expect(subscribeToStatus({ ctx: { db: db.prisma, baseUrl: "https://s.test", guard: { policy: STRICT } }, input: { url: receiver.url } })).rejects.toThrow(/loopback/);
  });
});
