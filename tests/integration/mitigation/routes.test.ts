import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { GET as getAutomation, POST as postAutomation } from "@/app/api/v1/automation/route";
import { GET as getMitigation, POST as decide } from "@/app/api/v1/mitigations/[id]/route";
import { GET as listMitigations } from "@/app/api/v1/mitigations/route";
import { GET as getRouting } from "@/app/api/v1/routing/[cluster]/route";
import { POST as shardAction } from "@/app/api/v1/shards/[action]/route";
import type { TActor } from "@/lib/auth/actor";
import type { DetectionService } from "@/lib/detection/live/service";
import { syncShardRegistry } from "@/lib/mitigation/registry";
import { MitigationService } from "@/lib/mitigation/service";
import type { TMitigationView } from "@/lib/mitigation/schemas";
import { setRuntime, type TRuntime } from "@/lib/runtime";
import { SimControlPlane } from "@/lib/sim/control-plane";
import { SimModel } from "@/lib/sim/model";
import { frameToSamples } from "@/lib/sim/samples";
import { findScenario, loadScenarios } from "@/lib/sim/scenarios";
import { applySample } from "@/lib/telemetry/apply-sample";
import { WindowStore } from "@/lib/telemetry/window-store";
import { createToken } from "@/lib/tokens";
import { createUser } from "@/lib/users";
import { seedPeople } from "../helpers/actors";
import { BACKENDS, migratedDatabase, type TTestDatabase } from "../helpers/databases";

// The mitigation routes over a real database and the simulator's control plane (the hot-range scenario,
// 12 minutes in). People sign in with a cookie (a stubbed session); automation uses tokens.

const BASE = "http://127.0.0.1:3000";
const T0 = Date.now() - 12 * 60_000;
const noParams = { params: Promise.resolve({}) };

type TSession = { user: { id: string; email: string; name: string; role: string } };

describe.each(BACKENDS)("mitigation routes on %s", (kind) => {
  let db: TTestDatabase;
  let read: string;
  let operate: string;
  let operator: Extract<TActor, { type: "user" }>;
  let plane: SimControlPlane;
  const sessions = new Map<string, TSession>();

  const call = (method: string, path: string, who: { token?: string; cookie?: string }, body?: unknown, headers: Record<string, string> = {}) =>
    new Request(BASE + path, {
      method,
      headers: {
        ...(who.token ? { authorization: `Bearer ${who.token}` } : {}),
        ...(who.cookie ? { cookie: `sw=${who.cookie}`, origin: BASE } : {}),
        ...(body !== undefined ? { "content-type": "application/json" } : {}),
        ...headers,
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
  const params = (p: Record<string, string>) => ({ params: Promise.resolve(p) });

  beforeEach(async () => {
    db = await migratedDatabase(kind);
    const people = await seedPeople(db);
    read = (await createToken({ ctx: people.adminCtx, input: { name: "dashboard", scopes: ["read"] } })).secret;
    operate = (await createToken({ ctx: people.adminCtx, input: { name: "automation", scopes: ["operate"] } })).secret;
    const u = await createUser({ ctx: people.adminCtx, input: { email: "op@test.local", name: "Op", role: "operator", password: "operator-password-1" } });
    operator = { type: "user", id: u.id, label: u.email, email: u.email, name: u.name, role: "operator" };
    sessions.set("op", { user: { id: u.id, email: u.email, name: u.name, role: "operator" } });
    sessions.set("viewer", { user: { id: people.viewer.type === "user" ? people.viewer.id : "", email: "viewer@test.local", name: "Vi", role: "viewer" } });
    sessions.set("admin", { user: { id: people.admin.type === "user" ? people.admin.id : "", email: "admin@test.local", name: "Admin", role: "admin" } });

    const model = new SimModel(findScenario(loadScenarios(), "hot-range"), { startMs: T0 });
    const store = new WindowStore();
    for (let t = T0; t <= T0 + 12 * 60_000; t += 5000) for (const s of frameToSamples(model.step(t), t)) applySample(store, s, t, () => undefined);
    plane = new SimControlPlane(() => model);
    const detection = { setExpectation: () => undefined, onNotify: () => undefined, releaseExpected: async () => undefined } as unknown as DetectionService;
    const mitigations = await MitigationService.start(
      { db: db.prisma, store, detection, plane: () => plane, cfg: { policy: { ttlMs: 30 * 60_000, secondApprover: [] }, guard: {}, tickMs: 1000, staleMs: 30_000 } },
      { timer: false },
    );
    const getSession = async ({ headers }: { headers: Headers }) => sessions.get(/sw=(\w+)/.exec(headers.get("cookie") ?? "")?.[1] ?? "") ?? null;
    setRuntime(Promise.resolve({ env: { baseUrl: BASE }, db, auth: { api: { getSession } }, mitigations, controlPlane: plane } as unknown as TRuntime));
  });
  afterEach(() => db.drop());

  async function requestSplit(key = "req-1") {
    const res = await shardAction(call("POST", "/api/v1/shards/s-12:split", { token: operate }, { cluster: "orders" }, { "idempotency-key": key }), params({ action: "s-12:split" }));
    return { res, body: (await res.json()) as { mitigation: TMitigationView } };
  }

  it("POST /api/v1/shards/{id}:split makes a planned proposal, idempotently", async () => {
    const first = await requestSplit();
    expect(first.res.status).toBe(202);
    expect(first.body.mitigation).toMatchObject({ action: "split", target: "s-12", state: "proposed", source: "api", diagnosis: "hot-range" });
    expect(first.body.mitigation.rationale).toMatch(/^Requested by token automation\. Shardwatch's diagnosis: A hot key range on s-12\./);
    expect(first.body.mitigation.plan.copyGb).toBeGreaterThan(0);
    const again = await requestSplit();
    expect(again.res.status).toBe(200);
    expect(again.res.headers.get("idempotent-replayed")).toBe("true");
    expect(again.body.mitigation.id).toBe(first.body.mitigation.id);
    const other = await shardAction(call("POST", "/api/v1/shards/s-12:throttle", { token: operate }, { cluster: "orders", limitQps: 3000 }, { "idempotency-key": "req-1" }), params({ action: "s-12:throttle" }));
    expect(other.status).toBe(409);
    expect(await db.prisma.mitigation.count()).toBe(1);
  });

  it("names what is wrong with a shard request", async () => {
    const noNode = await shardAction(call("POST", "/api/v1/shards/s-12:move", { token: operate }, { cluster: "orders" }), params({ action: "s-12:move" }));
    expect(noNode.status).toBe(422);
    expect(await noNode.json()).toMatchObject({ error: { issues: [{ path: "toNode" }] } });
    const badAt = await shardAction(call("POST", "/api/v1/shards/s-12:split", { token: operate }, { cluster: "orders", at: "zz" }), params({ action: "s-12:split" }));
    expect(await badAt.json()).toMatchObject({ error: { issues: [{ path: "at", message: "at is a ring position: 8 hex digits" }] } });
    const unknown = await shardAction(call("POST", "/api/v1/shards/s-99:split", { token: operate }, { cluster: "orders" }), params({ action: "s-99:split" }));
    expect(unknown.status).toBe(404);
    const verb = await shardAction(call("POST", "/api/v1/shards/s-12:explode", { token: operate }, { cluster: "orders" }), params({ action: "s-12:explode" }));
    expect(verb.status).toBe(404);
    const readOnly = await shardAction(call("POST", "/api/v1/shards/s-12:split", { token: read }, { cluster: "orders" }), params({ action: "s-12:split" }));
    expect(readOnly.status).toBe(403);
    const sameNode = await shardAction(
      call("POST", "/api/v1/shards/s-12:move", { token: operate }, { cluster: "orders", toNode: (await plane.describeTopology("orders")).shards.find((s) => s.id === "s-12")!.node }),
      params({ action: "s-12:move" }),
    );
    expect(sameNode.status).toBe(422);
    expect(await sameNode.json()).toMatchObject({ error: { message: expect.stringMatching(/already on/) as unknown } });
  });

  it("a person approves through the API; tokens and viewers cannot, and a second approval conflicts", async () => {
    const { body } = await requestSplit();
    const id = body.mitigation.id;
    const byToken = await decide(call("POST", `/api/v1/mitigations/${id}:approve`, { token: operate }, {}), params({ id: `${id}:approve` }));
    expect(byToken.status).toBe(403);
    const byViewer = await decide(call("POST", `/api/v1/mitigations/${id}:approve`, { cookie: "viewer" }, {}), params({ id: `${id}:approve` }));
    expect(byViewer.status).toBe(403);
    const ok = await decide(call("POST", `/api/v1/mitigations/${id}:approve`, { cookie: "op" }, { comment: "go", version: body.mitigation.version }), params({ id: `${id}:approve` }));
    expect(ok.status).toBe(200);
    expect(((await ok.json()) as { mitigation: TMitigationView }).mitigation).toMatchObject({ state: "approved", approvals: [{ email: "op@test.local", comment: "go" }] });
    const twice = await decide(call("POST", `/api/v1/mitigations/${id}:approve`, { cookie: "op" }, {}), params({ id: `${id}:approve` }));
    expect(twice.status).toBe(409);
    const listed = await listMitigations(call("GET", "/api/v1/mitigations?state=approved", { token: read }), noParams);
    const listedBody = (await listed.json()) as { mitigations: TMitigationView[] };
    expect(listedBody.mitigations.map((m) => m.id)).toEqual([id]);
    expect(listedBody.mitigations[0]!.signal).toBeUndefined();
    const one = await getMitigation(call("GET", `/api/v1/mitigations/${id}`, { token: read }), params({ id }));
    expect(one.status).toBe(200);
    // The detail carries the key numbers it was chosen from and the diagnosis; lists leave them out.
    const detail = ((await one.json()) as { mitigation: TMitigationView }).mitigation;
    expect(detail.signal).toMatchObject({ shard: { id: "s-12" }, cluster: { name: "orders", shardCount: 32 }, choice: { summary: expect.stringMatching(/hot key range on s-12/) as unknown } });
    expect(detail.signal?.choice?.cannotHelp.length).toBeGreaterThan(0);
    expect(detail.signal?.node?.id).toBe(detail.signal?.shard?.node);
    const missing = await getMitigation(call("GET", "/api/v1/mitigations/nope", { token: read }), params({ id: "nope" }));
    expect(missing.status).toBe(404);
    expect(operator.role).toBe("operator");
  });

  it("serves the shard registry with its routing version, and 304 while it has not moved", async () => {
    await db.prisma.cluster.create({ data: { name: "orders" } });
    const version = await syncShardRegistry(db.prisma, plane, "orders");
    const res = await getRouting(call("GET", "/api/v1/routing/orders", { token: read }), params({ cluster: "orders" }));
    expect(res.status).toBe(200);
    const { routing } = (await res.json()) as { routing: { routingVersion: number; shards: { id: string; keyRange: { start: string } }[] } };
    expect(routing.routingVersion).toBe(version);
    expect(routing.shards).toHaveLength(32);
    expect(routing.shards[0]!.keyRange.start).toBe("00000000");
    const same = await getRouting(call("GET", `/api/v1/routing/orders?ifNewerThan=${version}`, { token: read }), params({ cluster: "orders" }));
    expect(same.status).toBe(304);
    expect(same.headers.get("x-routing-version")).toBe(String(version));
    const none = await getRouting(call("GET", "/api/v1/routing/nowhere", { token: read }), params({ cluster: "nowhere" }));
    expect(none.status).toBe(404);
  });

  it("shows and resumes paused automation (admin only)", async () => {
    await db.prisma.setting.create({ data: { key: "mitigation.breaker", value: JSON.stringify({ failures: 3, pausedAt: 1, lastFailure: "x" }) } });
    const state = await getAutomation(call("GET", "/api/v1/automation", { token: read }), noParams);
    expect(((await state.json()) as { automation: { paused: boolean } }).automation.paused).toBe(true);
    const byOperator = await postAutomation(call("POST", "/api/v1/automation", { cookie: "op" }, { action: "resume" }), noParams);
    expect(byOperator.status).toBe(403);
    const bad = await postAutomation(call("POST", "/api/v1/automation", { cookie: "admin" }, { action: "pause" }), noParams);
    expect(bad.status).toBe(422);
    const ok = await postAutomation(call("POST", "/api/v1/automation", { cookie: "admin" }, { action: "resume" }), noParams);
    expect(((await ok.json()) as { automation: { paused: boolean } }).automation.paused).toBe(false);
    expect(await db.prisma.auditLog.count({ where: { action: "mitigation.automation-resumed" } })).toBe(1);
  });
});
