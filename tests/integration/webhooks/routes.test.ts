import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { POST as subscribe } from "@/app/api/v1/status/subscribers/route";
import { GET as listDeliveries } from "@/app/api/v1/webhooks/[id]/deliveries/route";
import { PATCH as patchWebhook, POST as testWebhook } from "@/app/api/v1/webhooks/[id]/route";
import { GET as listWebhooks, POST as createWebhook } from "@/app/api/v1/webhooks/route";
import { setRuntime, type TRuntime } from "@/lib/runtime";
import { createToken } from "@/lib/tokens";
import { createWebhook as createWebhookService } from "@/lib/webhooks";
import { seedPeople } from "../helpers/actors";
import { BACKENDS, migratedDatabase, type TTestDatabase } from "../helpers/databases";

// The webhook routes with tokens: admin-only management, the guard's refusal as a field issue, and
// PagerDuty's event restriction. The default guard policy (no loopback) is in force.
const BASE = "http://127.0.0.1:3000";
const noParams = { params: Promise.resolve({}) };
const params = (p: Record<string, string>) => ({ params: Promise.resolve(p) });

describe.each(BACKENDS)("webhook routes on %s", (kind) => {
  let db: TTestDatabase;
  let admin: string;
  let operate: string;
  let people: Awaited<ReturnType<typeof seedPeople>>;
  const call = (method: string, path: string, token: string | null, body?: unknown) =>
    new Request(BASE + path, {
      method,
      headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body !== undefined ? { "content-type": "application/json" } : {}) },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });

  beforeEach(async () => {
    db = await migratedDatabase(kind);
    people = await seedPeople(db);
    admin = (await createToken({ ctx: people.adminCtx, input: { name: "admin", scopes: ["admin"] } })).secret;
    operate = (await createToken({ ctx: people.adminCtx, input: { name: "ops", scopes: ["operate"] } })).secret;
    const getSession = async () => null; // no cookies here: tokens only
    setRuntime(Promise.resolve({ env: { baseUrl: BASE, SHARDWATCH_TRUST_PROXY: false }, db, auth: { api: { getSession } } } as unknown as TRuntime));
  });
  afterEach(() => db.drop());

  it("only admins manage endpoints", async () => {
    expect((await listWebhooks(call("GET", "/api/v1/webhooks", operate), noParams)).status).toBe(403);
    expect((await listWebhooks(call("GET", "/api/v1/webhooks", null), noParams)).status).toBe(401);
    const res = await listWebhooks(call("GET", "/api/v1/webhooks", admin), noParams);
    expect(await res.json()).toEqual({ webhooks: [] });
  });

  it("names the refused URL and PagerDuty's limits as field issues", async () => {
    const local = await createWebhook(call("POST", "/api/v1/webhooks", admin, { name: "x", url: "http://127.0.0.1:8080/hook", eventTypes: ["alert.firing"] }), noParams);
    expect(local.status).toBe(422);
    expect(await local.json()).toMatchObject({ error: { code: "validation_failed", issues: [{ path: "url", message: "127.0.0.1 is a loopback address" }] } });
    const pd = await createWebhook(
      call("POST", "/api/v1/webhooks", admin, { name: "pd", url: "https://events.pagerduty.com/v2/enqueue", format: "pagerduty", eventTypes: ["notice.published"], routingKey: "a".repeat(32) }),
      noParams,
    );
    expect(pd.status).toBe(422);
    expect(await pd.json()).toMatchObject({ error: { issues: [{ path: "eventTypes" }] } });
    expect(await db.prisma.webhookEndpoint.count()).toBe(0);
  });

  it("tests, lists deliveries and disables an endpoint", async () => {
    const { webhook } = await createWebhookService({
      ctx: people.adminCtx,
      input: { name: "ops", url: "https://hooks.example.test/x", eventTypes: ["alert.firing"] },
      guard: { policy: { allowPrivate: false, allowLoopback: false }, resolve: async () => [{ address: "93.184.216.34", family: 4 }] },
    });
    const queued = await testWebhook(call("POST", `/api/v1/webhooks/${webhook.id}:test`, admin), params({ id: `${webhook.id}:test` }));
    expect(queued.status).toBe(202);
    const list = (await (await listDeliveries(call("GET", `/api/v1/webhooks/${webhook.id}/deliveries`, admin), params({ id: webhook.id }))).json()) as {
      deliveries: { eventType: string; state: string }[];
    };
    expect(list.deliveries).toMatchObject([{ eventType: "ping", state: "pending" }]);
    const off = await patchWebhook(call("PATCH", `/api/v1/webhooks/${webhook.id}`, admin, { enabled: false }), params({ id: webhook.id }));
    expect(await off.json()).toMatchObject({ webhook: { enabled: false, disabledReason: "disabled by token admin" } });
  });

  it("status subscription is public but refuses the host's own network", async () => {
    const res = await subscribe(call("POST", "/api/v1/status/subscribers", null, { url: "http://169.254.169.254/latest" }), noParams);
    expect(res.status).toBe(422);
    expect(await res.json()).toMatchObject({ error: { issues: [{ path: "url", message: "169.254.169.254 is a cloud metadata address" }] } });
  });
});
