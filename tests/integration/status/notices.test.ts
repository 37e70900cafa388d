import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { TActor } from "@/lib/auth/actor";
import { ConflictError, ForbiddenError, ValidationError } from "@/lib/errors";
import {
  addNoticeUpdate,
  applyMaintenanceSchedule,
  createComponent,
  createNotice,
  deleteComponent,
  discardNotice,
  listComponents,
  listNotices,
  publishNotice,
  scheduleMaintenance,
  updateNotice,
  type TPublicNotice,
} from "@/lib/status";
import { onStatusChanged } from "@/lib/status/changes";
import { createUser } from "@/lib/users";
import { seedPeople } from "../helpers/actors";
import { BACKENDS, migratedDatabase, type TTestDatabase } from "../helpers/databases";

const T0 = 1_763_812_800_000;
const MIN = 60_000;

describe.each(BACKENDS)("status notices on %s", (kind) => {
  let db: TTestDatabase;
  let people: Awaited<ReturnType<typeof seedPeople>>;
  let operator: TActor;
  const ctxOf = (actor: TActor, ms = T0) => ({ db: db.prisma, actor, now: new Date(ms) });

  beforeEach(async () => {
    db = await migratedDatabase(kind);
    people = await seedPeople(db);
    const u = await createUser({ ctx: people.adminCtx, input: { email: "op@test.local", name: "Op", role: "operator", password: "operator-password-1" } });
    operator = { type: "user", id: u.id, label: u.email, email: u.email, name: u.name, role: "operator" };
  });
  afterEach(() => db.drop());

  async function component(name = "Orders API") {
    return createComponent({ ctx: ctxOf(people.admin), input: { name, targets: [{ cluster: "orders", shard: "s-07" }] } });
  }

  it("only admins manage components, and targets are validated", async () => {
    await expect(createComponent({ ctx: ctxOf(operator), input: { name: "X" } })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(createComponent({ ctx: ctxOf(people.admin), input: { name: "X", targets: [{ shard: "s-1" } as never] } })).rejects.toBeInstanceOf(ValidationError);
    let changes = 0;
    const off = onStatusChanged(() => changes++);
    await component();
    off();
    expect(changes).toBe(1); // the public page lists it at once
    await expect(component()).rejects.toBeInstanceOf(ConflictError);
    expect((await listComponents({ ctx: ctxOf(people.viewer) })).map((c) => c.name)).toEqual(["Orders API"]);
  });

  it("draft → edit → publish in one step → updates → resolved, components follow, events are public-safe", async () => {
    const api = await component();
    const events: { type: string; payload: TPublicNotice }[] = [];
    const emit = (_tx: unknown, e: { type: string; payload: TPublicNotice }) => Promise.resolve(events.push(e));
    let changes = 0;
    const off = onStatusChanged(() => changes++);
    const draft = await createNotice({ ctx: ctxOf(operator), input: { kind: "sla_downgrade", title: "Slow orders", components: [{ componentId: api.id, level: "degraded_performance" }] } });
    expect(draft).toMatchObject({ state: "draft", status: "investigating", version: 1 });
    expect((await listComponents({ ctx: ctxOf(operator) }))[0]!.status).toBe("operational");
    await expect(publishNotice({ ctx: ctxOf(operator), input: { id: draft.id } })).rejects.toBeInstanceOf(ValidationError); // no message yet
    await expect(publishNotice({ ctx: ctxOf(people.viewer), input: { id: draft.id } })).rejects.toBeInstanceOf(ForbiddenError);

    const edited = await updateNotice({ ctx: ctxOf(operator), input: { id: draft.id, version: 1, sloImpact: "p99 up to 800 ms, target 200 ms" } });
    await expect(updateNotice({ ctx: ctxOf(operator), input: { id: draft.id, version: 1, title: "stale" } })).rejects.toBeInstanceOf(ConflictError);
    const published = await publishNotice({
      ctx: ctxOf(operator, T0 + MIN),
      input: { id: draft.id, version: edited.version, message: "Orders are slower than usual.", components: [{ componentId: api.id, level: "partial_outage" }] },
      emit,
    });
    expect(published).toMatchObject({ state: "published", publishedAt: T0 + MIN, sloImpact: "p99 up to 800 ms, target 200 ms" });
    expect(published.updates.map((u) => [u.status, u.body])).toEqual([["investigating", "Orders are slower than usual."]]);
    expect((await listComponents({ ctx: ctxOf(operator) }))[0]!.status).toBe("partial_outage");
    await expect(publishNotice({ ctx: ctxOf(operator), input: { id: draft.id } })).rejects.toBeInstanceOf(ConflictError);

    await addNoticeUpdate({ ctx: ctxOf(operator, T0 + 2 * MIN), input: { id: draft.id, status: "identified", body: "Cause found." }, emit });
    const resolved = await addNoticeUpdate({ ctx: ctxOf(operator, T0 + 3 * MIN), input: { id: draft.id, status: "resolved", body: "Back to normal." }, emit });
    expect(resolved).toMatchObject({ status: "resolved", resolvedAt: T0 + 3 * MIN });
    expect(resolved.updates.map((u) => u.status)).toEqual(["investigating", "identified", "resolved"]);
    expect((await listComponents({ ctx: ctxOf(operator) }))[0]!.status).toBe("operational");
    await expect(addNoticeUpdate({ ctx: ctxOf(operator), input: { id: draft.id, status: "monitoring", body: "x" } })).rejects.toBeInstanceOf(ConflictError);
    off();
    expect(changes).toBe(3);
    expect(events.map((e) => e.type)).toEqual(["notice.published", "notice.updated", "notice.updated"]);
    const text = JSON.stringify(events);
    expect(text).not.toContain("s-07");
    expect(text).not.toContain("op@test.local");
    expect((await listNotices({ ctx: ctxOf(operator), input: { filter: "past" } })).map((n) => n.id)).toEqual([draft.id]);
  });

  it("discards a draft once; a discarded or published notice cannot be discarded", async () => {
    const d = await createNotice({ ctx: ctxOf(operator), input: { kind: "incident", title: "t", message: "m" } });
    expect((await discardNotice({ ctx: ctxOf(operator), input: { id: d.id } })).state).toBe("discarded");
    await expect(discardNotice({ ctx: ctxOf(operator), input: { id: d.id } })).rejects.toBeInstanceOf(ConflictError);
  });

  it("maintenance starts and completes on its own and puts components under maintenance meanwhile", async () => {
    const api = await component();
    const m = await scheduleMaintenance({
      ctx: ctxOf(operator),
      input: { title: "Disk upgrade", componentIds: [api.id], scheduledFor: T0 + 10 * MIN, scheduledUntil: T0 + 40 * MIN, message: "Upgrading disks." },
    });
    expect(m).toMatchObject({ state: "published", status: "scheduled" });
    expect(await applyMaintenanceSchedule({ db: db.prisma, now: new Date(T0 + 5 * MIN) })).toEqual([]);
    expect(await applyMaintenanceSchedule({ db: db.prisma, now: new Date(T0 + 10 * MIN) })).toEqual([m.id]);
    expect((await listComponents({ ctx: ctxOf(operator) }))[0]!.status).toBe("under_maintenance");
    await applyMaintenanceSchedule({ db: db.prisma, now: new Date(T0 + 41 * MIN) });
    const [done] = await listNotices({ ctx: ctxOf(operator), input: { filter: "past" } });
    expect(done!.updates.map((u) => u.status)).toEqual(["scheduled", "in_progress", "completed"]);
    expect((await listComponents({ ctx: ctxOf(operator) }))[0]!.status).toBe("operational");
  });

  it("deleting a component keeps the notice without it", async () => {
    const api = await component();
    const n = await createNotice({ ctx: ctxOf(operator), input: { kind: "incident", title: "t", message: "m", components: [{ componentId: api.id, level: "major_outage" }] } });
    await deleteComponent({ ctx: ctxOf(people.admin), input: { id: api.id } });
    expect((await listNotices({ ctx: ctxOf(operator), input: { filter: "drafts" } }))[0]).toMatchObject({ id: n.id, components: [] });
  });
});
