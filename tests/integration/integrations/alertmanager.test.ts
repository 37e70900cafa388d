import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { POST as postAlertmanager } from "@/app/api/v1/integrations/alertmanager/route";
import { GET as getAlerts } from "@/app/api/v1/alerts/route";
import { expireExternalAlerts } from "@/lib/integrations/alertmanager";
import { loadOpenAlerts } from "@/lib/detection/alerts";
import { setRuntime, type TRuntime } from "@/lib/runtime";
import { createToken } from "@/lib/tokens";
import { BACKENDS, migratedDatabase, type TTestDatabase } from "../helpers/databases";
import { seedPeople } from "../helpers/actors";

// POST /api/v1/integrations/alertmanager: Alertmanager's webhook (v4) payloads become alerts beside ours.
const BASE = "http://127.0.0.1:3000";
const noParams = { params: Promise.resolve({}) };
const STARTS = "2026-11-23T18:00:00.000Z";

/** A payload as Alertmanager 0.27 sends it (copied from a real notification, names changed). */
function payload(status: "firing" | "resolved", alerts: Record<string, unknown>[] = [alert(status)]) {
  return {
    receiver: "shardwatch",
    status,
    alerts,
    groupLabels: { alertname: "PostgresReplicationLagHigh" },
    commonLabels: { alertname: "PostgresReplicationLagHigh", cluster: "orders", severity: "critical" },
    commonAnnotations: {},
    externalURL: "http://alertmanager.example:9093",
    version: "4",
    groupKey: '{}:{alertname="PostgresReplicationLagHigh"}',
    truncatedAlerts: 0,
  };
}

function alert(status: "firing" | "resolved", over: Record<string, unknown> = {}) {
  return {
    status,
    labels: { alertname: "PostgresReplicationLagHigh", cluster: "orders", instance: "pg-7:9187", severity: "critical" },
    annotations: { summary: "Replica pg-7 is 94 s behind", value: "94.2" },
    startsAt: STARTS,
    endsAt: status === "resolved" ? "2026-11-23T18:05:00.000Z" : "0001-01-01T00:00:00Z",
    generatorURL: "http://prometheus.example:9090/graph?g0.expr=pg_replication_lag_seconds+%3E+30",
    fingerprint: "c0ffee1234abcd",
    ...over,
  };
}

describe.each(BACKENDS)("Alertmanager webhook on %s", (kind) => {
  let db: TTestDatabase;
  let ingest: string;
  let read: string;
  const post = (body: unknown, token = ingest) =>
    postAlertmanager(
      new Request(`${BASE}/api/v1/integrations/alertmanager`, {
        method: "POST",
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
        body: typeof body === "string" ? body : JSON.stringify(body),
      }),
      noParams,
    );
  const list = async (query = "") => {
    const res = await getAlerts(new Request(`${BASE}/api/v1/alerts${query}`, { headers: { authorization: `Bearer ${read}` } }), noParams);
    return ((await res.json()) as { alerts: Record<string, unknown>[] }).alerts;
  };

  beforeEach(async () => {
    db = await migratedDatabase(kind);
    const people = await seedPeople(db);
    ingest = (await createToken({ ctx: people.adminCtx, input: { name: "alertmanager", scopes: ["ingest"] } })).secret;
    read = (await createToken({ ctx: people.adminCtx, input: { name: "reader", scopes: ["read"] } })).secret;
    setRuntime(Promise.resolve({ env: { baseUrl: BASE }, db, auth: { api: { getSession: async () => null } } } as unknown as TRuntime));
  });
  afterEach(() => db.drop());

  it("lists a firing Alertmanager alert next to ours, with its labels, annotations and link", async () => {
    const res = await post(payload("firing"));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ received: 1, firing: 1, resolved: 0, truncated: 0 });
    const [a] = await list("?source=alertmanager");
    expect(a).toMatchObject({
      rule: "PostgresReplicationLagHigh",
      severity: "critical",
      state: "firing",
      labels: { cluster: "orders" },
      value: 94.2,
      summary: "Replica pg-7 is 94 s behind",
      activeAt: Date.parse(STARTS),
      firedAt: Date.parse(STARTS),
      source: "alertmanager",
      external: { labels: { instance: "pg-7:9187" }, annotations: { value: "94.2" }, generatorURL: expect.stringContaining("prometheus.example") as unknown },
    });
    expect(await list("?source=shardwatch")).toEqual([]);
    // The engine never resumes an alert it did not make.
    expect(await loadOpenAlerts(db.prisma)).toEqual([]);
  });

  it("refreshes on a repeat notification, resolves on a resolved one, and a late firing one does not reopen it", async () => {
    await post(payload("firing"));
    await post(payload("firing", [alert("firing", { annotations: { summary: "Replica pg-7 is 120 s behind" } })]));
    let alerts = await list();
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ summary: "Replica pg-7 is 120 s behind", value: null });
    await post(payload("resolved"));
    await post(payload("firing"));
    alerts = await list();
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ state: "resolved", resolvedAt: Date.parse("2026-11-23T18:05:00.000Z") });
    // The same alert firing again later is a new alert.
    await post(payload("firing", [alert("firing", { startsAt: "2026-11-23T19:00:00.000Z" })]));
    expect(await list("?state=firing")).toHaveLength(1);
  });

  it("ends a firing alert its sender stopped renewing at the endsAt it gave", async () => {
    await post(payload("firing", [alert("firing", { endsAt: "2026-11-23T18:10:00.000Z" })]));
    expect(await expireExternalAlerts(db.prisma, Date.parse("2026-11-23T18:09:00.000Z"))).toBe(0);
    expect(await expireExternalAlerts(db.prisma, Date.parse("2026-11-23T18:11:00.000Z"))).toBe(1);
    expect((await list())[0]).toMatchObject({ state: "resolved", resolvedAt: Date.parse("2026-11-23T18:10:00.000Z") });
  });

  it("refuses bad payloads by path and stores nothing, and needs the ingest scope", async () => {
    const bad = payload("firing", [alert("firing"), alert("firing", { status: "bogus", startsAt: "yesterday", labels: {} })]);
    const res = await post(bad);
    expect(res.status).toBe(422);
    const { error } = (await res.json()) as { error: { issues: { path: string; message: string }[] } };
    expect(error.issues.map((i) => i.path).sort()).toEqual(["alerts[1].labels", "alerts[1].startsAt", "alerts[1].status"]);
    expect((await post({ ...payload("firing"), version: "3" })).status).toBe(422);
    expect((await post("{not json")).status).toBe(400);
    expect(await list()).toEqual([]);
    expect((await post(payload("firing"), read)).status).toBe(403);
    expect((await post(payload("firing"), "nope")).status).toBe(401);
  });
});
