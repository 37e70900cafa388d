import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ConflictError, ForbiddenError, ValidationError } from "@/lib/errors";
import { createSilence, expireSilence, getSilence, listSilences, loadActiveSilences, updateSilence, isSilenced } from "@/lib/detection/silences";
import { BACKENDS, migratedDatabase, type TTestDatabase } from "../helpers/databases";
import { makeAlert, seedDetectionPeople, T0 } from "./helpers";

const HOUR = 3_600_000;
const orders = [{ label: "cluster" as const, op: "=" as const, value: "orders" }];

describe.each(BACKENDS)("silences on %s", (kind) => {
  let db: TTestDatabase;
  let people: Awaited<ReturnType<typeof seedDetectionPeople>>;
  const at = (ms: number) => ({ ...people.operatorCtx, now: new Date(ms) });
  const viewerAt = (ms: number) => ({ ...people.viewerCtx, now: new Date(ms) });
  beforeEach(async () => {
    db = await migratedDatabase(kind);
    people = await seedDetectionPeople(db);
  });
  afterEach(() => db.drop());

  it("creates a silence for a duration from now, audited, and matches alerts only while it holds", async () => {
    const s = await createSilence({
      ctx: at(T0),
      input: { matchers: [...orders, { label: "shard", op: "=~", value: "s-0." }], duration: "2h", comment: "resharding" },
    });
    expect(s).toMatchObject({ startsAt: T0, endsAt: T0 + 2 * HOUR, status: "active", createdBy: "operator@test.local", comment: "resharding" });
    expect(await db.prisma.auditLog.count({ where: { action: "silence.create", targetId: s.id } })).toBe(1);
    const active = await loadActiveSilences(db.prisma, T0 + HOUR);
    expect(isSilenced(active, makeAlert({ id: "a" }), T0 + HOUR)).toBe(true);
    expect(isSilenced(active, makeAlert({ id: "b", labels: { cluster: "orders", shard: "s-070", node: "db-3" } }), T0 + HOUR)).toBe(false);
    expect(await loadActiveSilences(db.prisma, T0 + 2 * HOUR)).toEqual([]);
  });

  it("rejects an invalid regular expression with a 422 naming the matcher", async () => {
    const err = (await createSilence({
      ctx: at(T0),
      input: { matchers: [...orders, { label: "shard", op: "=~", value: "s-(07" }], duration: "1h", comment: "x" },
    }).catch((e: unknown) => e)) as ValidationError;
    expect(err).toBeInstanceOf(ValidationError);
    expect(err.issues).toEqual([{ path: "matchers[1].value", message: expect.stringMatching(/not a valid regular expression.*escape/) as unknown }]);
    expect(await db.prisma.silence.count()).toBe(0);
  });

  it("refuses silences that would match everything, have no end, or already ended", async () => {
    const everything = createSilence({ ctx: at(T0), input: { matchers: [{ label: "shard", op: "=~", value: ".*" }], duration: "1h", comment: "x" } });
    await expect(everything).rejects.toMatchObject({ issues: [{ path: "matchers", message: expect.stringMatching(/silence every alert/) as unknown }] });
    await expect(createSilence({ ctx: at(T0), input: { matchers: [], duration: "1h", comment: "x" } })).rejects.toMatchObject({
      issues: [{ path: "matchers", message: expect.stringMatching(/at least one matcher/) as unknown }],
    });
    await expect(createSilence({ ctx: at(T0), input: { matchers: orders, comment: "x" } })).rejects.toMatchObject({
      issues: [{ path: "endsAt", message: expect.stringMatching(/either endsAt.*or duration/) as unknown }],
    });
    await expect(createSilence({ ctx: at(T0), input: { matchers: orders, startsAt: T0 - 2 * HOUR, endsAt: T0 - HOUR, comment: "x" } })).rejects.toMatchObject({
      issues: [{ path: "endsAt", message: expect.stringMatching(/in the future/) as unknown }],
    });
    await expect(createSilence({ ctx: at(T0), input: { matchers: orders, endsAt: T0 / 1000, comment: "x" } })).rejects.toThrow(/looks like seconds/);
  });

  it("lists active (including scheduled), expired or all silences", async () => {
    const now = await createSilence({ ctx: at(T0), input: { matchers: orders, duration: "1h", comment: "now" } });
    const later = await createSilence({ ctx: at(T0), input: { matchers: orders, startsAt: T0 + HOUR, endsAt: T0 + 3 * HOUR, comment: "later" } });
    const t = T0 + 2 * HOUR;
    expect((await listSilences({ ctx: viewerAt(T0) })).map((s) => [s.comment, s.status])).toEqual([
      ["later", "pending"],
      ["now", "active"],
    ]);
    expect((await listSilences({ ctx: viewerAt(t), input: { state: "expired" } })).map((s) => s.id)).toEqual([now.id]);
    expect((await listSilences({ ctx: viewerAt(t), input: { state: "active" } })).map((s) => s.id)).toEqual([later.id]);
    expect(await listSilences({ ctx: viewerAt(t), input: { state: "all" } })).toHaveLength(2);
  });

  it("updates a running silence, but not an expired one", async () => {
    const s = await createSilence({ ctx: at(T0), input: { matchers: orders, duration: "1h", comment: "a" } });
    const updated = await updateSilence({
      ctx: at(T0 + 1000),
      input: { id: s.id, matchers: [{ label: "rule", op: "=", value: "hot-shard" }], startsAt: T0, duration: "4h", comment: "b" },
    });
    expect(updated).toMatchObject({ matchers: [{ label: "rule", op: "=", value: "hot-shard" }], endsAt: T0 + 4 * HOUR, comment: "b" });
    expect(await db.prisma.auditLog.count({ where: { action: "silence.update", targetId: s.id } })).toBe(1);
    const late = updateSilence({ ctx: at(T0 + 5 * HOUR), input: { id: s.id, matchers: orders, duration: "1h", comment: "c" } });
    await expect(late).rejects.toThrow(ConflictError);
    expect((await getSilence({ ctx: viewerAt(T0), input: { id: s.id } })).comment).toBe("b");
  });

  it("expires a silence on DELETE, keeps it as history, and refuses a second expiry", async () => {
    const s = await createSilence({ ctx: at(T0), input: { matchers: orders, duration: "1h", comment: "a" } });
    const expired = await expireSilence({ ctx: at(T0 + 60_000), input: { id: s.id } });
    expect(expired).toMatchObject({ endsAt: T0 + 60_000, status: "expired" });
    await expect(expireSilence({ ctx: at(T0 + 120_000), input: { id: s.id } })).rejects.toThrow(/already expired/);
    const scheduled = await createSilence({ ctx: at(T0), input: { matchers: orders, startsAt: T0 + HOUR, duration: "1h", comment: "later" } });
    expect(await expireSilence({ ctx: at(T0), input: { id: scheduled.id } })).toMatchObject({ startsAt: T0, endsAt: T0, status: "expired" });
    expect(await db.prisma.auditLog.count({ where: { action: "silence.expire" } })).toBe(2);
  });

  it("lets a viewer read silences but not change them", async () => {
    const s = await createSilence({ ctx: at(T0), input: { matchers: orders, duration: "1h", comment: "a" } });
    await expect(createSilence({ ctx: viewerAt(T0), input: { matchers: orders, duration: "1h", comment: "a" } })).rejects.toThrow(ForbiddenError);
    await expect(updateSilence({ ctx: viewerAt(T0), input: { id: s.id, matchers: orders, duration: "9h", comment: "a" } })).rejects.toThrow(ForbiddenError);
    await expect(expireSilence({ ctx: viewerAt(T0), input: { id: s.id } })).rejects.toThrow(ForbiddenError);
    expect(await listSilences({ ctx: viewerAt(T0) })).toHaveLength(1);
    expect(await db.prisma.silence.count()).toBe(1);
  });
});
