import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { GET as getAlerts } from "@/app/api/v1/alerts/route";
import { POST as postRule } from "@/app/api/v1/rules/route";
import { PUT as putRule } from "@/app/api/v1/rules/[id]/route";
import { DELETE as deleteSilence, PUT as putSilence } from "@/app/api/v1/silences/[id]/route";
import { POST as postSilence } from "@/app/api/v1/silences/route";
import { persistTransitions } from "@/lib/detection/alerts";
import { setRuntime, type TRuntime } from "@/lib/runtime";
import { createToken } from "@/lib/tokens";
import { BACKENDS, migratedDatabase, type TTestDatabase } from "../helpers/databases";
import { makeAlert, seedDetectionPeople, T0 } from "./helpers";

// The route handlers against a real database, behind a runtime with only what withRoute reads.
const BASE = "http://127.0.0.1:3000";
const noParams = { params: Promise.resolve({}) };
const withId = (id: string) => ({ params: Promise.resolve({ id }) });

describe.each(BACKENDS)("detection routes on %s", (kind) => {
  let db: TTestDatabase;
  let read: string;
  let operate: string;
  const call = (method: string, path: string, token: string, body?: unknown) =>
    new Request(BASE + path, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body !== undefined ? { "content-type": "application/json" } : {}) },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });

  beforeEach(async () => {
    db = await migratedDatabase(kind);
    const people = await seedDetectionPeople(db);
    read = (await createToken({ ctx: people.adminCtx, input: { name: "dashboard", scopes: ["read"] } })).secret;
    operate = (await createToken({ ctx: people.adminCtx, input: { name: "oncall", scopes: ["operate"] } })).secret;
    setRuntime(Promise.resolve({ env: { baseUrl: BASE }, db, auth: { api: { getSession: async () => null } } } as unknown as TRuntime));
  });
  afterEach(() => db.drop());

  it("GET /api/v1/alerts answers the v1 shape, filtered by repeated state", async () => {
    await persistTransitions(db.prisma, [
      { type: "pending", alert: makeAlert({ id: "p", ruleId: "none" }), at: T0, notify: false },
      { type: "firing", alert: makeAlert({ id: "f", ruleId: "none", state: "firing", firedAt: T0 + 10_000, lastEvalAt: T0 + 10_000 }), at: T0, notify: true },
      {
        type: "resolved",
        alert: makeAlert({ id: "r", ruleId: "none", state: "resolved", firedAt: T0, resolvedAt: T0 + 1, lastEvalAt: T0 + 1 }),
        at: T0,
        notify: true,
      },
    ]);
    const res = await getAlerts(call("GET", "/api/v1/alerts?state=pending&state=firing&cluster=orders", read), noParams);
    expect(res.status).toBe(200);
    const { alerts } = (await res.json()) as { alerts: Record<string, unknown>[] };
    expect(alerts.map((a) => a.id).sort()).toEqual(["f", "p"]);
    const fired = alerts.find((a) => a.id === "f")!;
    expect(fired).toMatchObject({
      rule: "hot-shard",
      severity: "critical",
      state: "firing",
      labels: { cluster: "orders", shard: "s-07", node: "db-3" },
      firedAt: T0 + 10_000,
      activeAt: T0,
    });
    expect(alerts.find((a) => a.id === "p")).not.toHaveProperty("firedAt");

    const bad = await getAlerts(call("GET", "/api/v1/alerts?state=open", read), noParams);
    expect(bad.status).toBe(422);
    expect(await bad.json()).toMatchObject({
      error: { code: "validation_failed", issues: [{ path: "state[0]", message: "state must be one of pending, firing, resolved" }] },
    });
  });

  it("POST /api/v1/rules answers 422 naming each bad field, 201 for a good rule, 403 for a read token", async () => {
    const bad = await postRule(
      call("POST", "/api/v1/rules", operate, { name: "lag", title: "", kind: "replica-lag", params: { clearBelowSeconds: 40 } }),
      noParams,
    );
    expect(bad.status).toBe(422);
    const { error } = (await bad.json()) as { error: { issues: { path: string; message: string }[] } };
    expect(error.issues.map((i) => i.path).sort()).toEqual(["params.clearBelowSeconds", "title"]);
    expect(error.issues.find((i) => i.path === "params.clearBelowSeconds")!.message).toMatch(/lower clearBelowSeconds or raise fireAboveSeconds/);

    const good = { name: "lag", title: "Lag", kind: "replica-lag", params: {} };
    expect((await postRule(call("POST", "/api/v1/rules", read, good), noParams)).status).toBe(403);
    // Who may call is decided before the body is read: a bad body from the wrong caller is 403 / 401, not 422.
    expect((await postRule(call("POST", "/api/v1/rules", read, { kind: "nonsense" }), noParams)).status).toBe(403);
    expect((await postRule(call("POST", "/api/v1/rules", "not-a-token", { kind: "nonsense" }), noParams)).status).toBe(401);
    const created = await postRule(call("POST", "/api/v1/rules", operate, good), noParams);
    expect(created.status).toBe(201);
    const { rule } = (await created.json()) as { rule: { id: string; version: number } };
    expect(rule.version).toBe(1);

    const saved = await putRule(call("PUT", `/api/v1/rules/${rule.id}`, operate, { ...rule, title: "Lag 2" }), withId(rule.id));
    expect(saved.status).toBe(200);
    const stale = await putRule(call("PUT", `/api/v1/rules/${rule.id}`, operate, { ...rule, title: "Lag 3" }), withId(rule.id));
    expect(stale.status).toBe(409);
  });

  it("silences: create, 422 for a bad regex, replace and expire", async () => {
    const badRegex = await postSilence(
      call("POST", "/api/v1/silences", operate, { matchers: [{ label: "shard", op: "=~", value: "(" }], duration: "1h", comment: "x" }),
      noParams,
    );
    expect(badRegex.status).toBe(422);
    expect(await badRegex.json()).toMatchObject({ error: { issues: [{ path: "matchers[0].value" }] } });
    const created = await postSilence(
      call("POST", "/api/v1/silences", operate, { matchers: [{ label: "cluster", op: "=", value: "orders" }], duration: "1h", comment: "x" }),
      noParams,
    );
    expect(created.status).toBe(201);
    const { silence } = (await created.json()) as { silence: { id: string; status: string } };
    expect(silence.status).toBe("active");
    const replaced = await putSilence(
      call("PUT", `/api/v1/silences/${silence.id}`, operate, { matchers: [{ label: "rule", op: "=", value: "hot-shard" }], duration: "2h", comment: "y" }),
      withId(silence.id),
    );
    expect(replaced.status).toBe(200);
    const expired = await deleteSilence(call("DELETE", `/api/v1/silences/${silence.id}`, operate), withId(silence.id));
    expect(((await expired.json()) as { silence: { status: string } }).silence.status).toBe("expired");
  });
});
