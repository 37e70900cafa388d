import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { POST as noticeAction, PATCH as patchNotice } from "@/app/api/v1/notices/[id]/route";
import { POST as postUpdate } from "@/app/api/v1/notices/[id]/updates/route";
import { GET as listNotices, POST as postNotice } from "@/app/api/v1/notices/route";
import { GET as listComponents, POST as postComponent } from "@/app/api/v1/status/components/route";
import { setRuntime, type TRuntime } from "@/lib/runtime";
import type { TPublicNotice } from "@/lib/status";
import { createToken } from "@/lib/tokens";
import { seedPeople } from "../helpers/actors";
import { BACKENDS, migratedDatabase, type TTestDatabase } from "../helpers/databases";

// The status routes over a real database with tokens: scopes gate writes, bodies are validated, and the
// runtime's emitter receives the public form of published notices.

const BASE = "http://127.0.0.1:3000";
const noParams = { params: Promise.resolve({}) };
const params = (p: Record<string, string>) => ({ params: Promise.resolve(p) });

describe.each(BACKENDS)("status routes on %s", (kind) => {
  let db: TTestDatabase;
  let tokens: Record<"read" | "operate" | "admin", string>;
  let events: { type: string; payload: TPublicNotice }[];
  const call = (method: string, path: string, token: string, body?: unknown) =>
    new Request(BASE + path, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body !== undefined ? { "content-type": "application/json" } : {}) },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });

  beforeEach(async () => {
    db = await migratedDatabase(kind);
    const people = await seedPeople(db);
    const mk = async (scope: "read" | "operate" | "admin") => (await createToken({ ctx: people.adminCtx, input: { name: scope, scopes: [scope] } })).secret;
    tokens = { read: await mk("read"), operate: await mk("operate"), admin: await mk("admin") };
    events = [];
    const status = { emit: (_tx: unknown, e: { type: string; payload: TPublicNotice }) => Promise.resolve(events.push(e)) };
    setRuntime(Promise.resolve({ env: { baseUrl: BASE }, db, auth: { api: { getSession: () => Promise.resolve(null) } }, status } as unknown as TRuntime));
  });
  afterEach(() => db.drop());

  it("admin creates components, operate cannot; notices go draft → publish → update with events", async () => {
    const body = { name: "Orders API", targets: [{ cluster: "orders", shard: "s-07" }] };
    expect((await postComponent(call("POST", "/api/v1/status/components", tokens.operate, body), noParams)).status).toBe(403);
    const bad = await postComponent(call("POST", "/api/v1/status/components", tokens.admin, { name: "", targets: [{ shard: "s-1" }] }), noParams);
    expect(bad.status).toBe(422);
    const made = await postComponent(call("POST", "/api/v1/status/components", tokens.admin, body), noParams);
    expect(made.status).toBe(201);
    const { component } = (await made.json()) as { component: { id: string } };
    expect((await (await listComponents(call("GET", "/api/v1/status/components", tokens.read), noParams)).json()) as unknown).toMatchObject({ components: [{ name: "Orders API", status: "operational" }] });

    const created = await postNotice(call("POST", "/api/v1/notices", tokens.operate, { kind: "sla_downgrade", title: "Slow orders" }), noParams);
    expect(created.status).toBe(201);
    const { notice } = (await created.json()) as { notice: { id: string; version: number } };
    expect((await patchNotice(call("PATCH", `/api/v1/notices/${notice.id}`, tokens.read, { version: 1 }), params({ id: notice.id }))).status).toBe(403);
    const pub = await noticeAction(
      call("POST", `/api/v1/notices/${notice.id}:publish`, tokens.operate, { version: notice.version, message: "Slower than usual.", components: [{ componentId: component.id, level: "major_outage" }] }),
      params({ id: `${notice.id}:publish` }),
    );
    expect(pub.status).toBe(200);
    const upd = await postUpdate(call("POST", `/api/v1/notices/${notice.id}/updates`, tokens.operate, { status: "resolved", body: "Fixed." }), params({ id: notice.id }));
    expect(upd.status).toBe(201);
    const again = await noticeAction(call("POST", `/api/v1/notices/${notice.id}:discard`, tokens.operate, {}), params({ id: `${notice.id}:discard` }));
    expect(again.status).toBe(409);
    expect(events.map((e) => e.type)).toEqual(["notice.published", "notice.updated"]);
    expect(JSON.stringify(events)).not.toContain("s-07");
    const past = (await (await listNotices(call("GET", "/api/v1/notices?filter=past", tokens.read), noParams)).json()) as { notices: { id: string }[] };
    expect(past.notices.map((n) => n.id)).toEqual([notice.id]);
  });
});
