import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ConflictError, ForbiddenError } from "@/lib/errors";
import { createUser, deleteUser, listUsers, updateUserRole } from "@/lib/users";
import { completeSetup, ensureAdmin, prepareSetupLink } from "@/lib/users/setup";
import { seedPeople } from "./helpers/actors";
import { BACKENDS, migratedDatabase, type TTestDatabase } from "./helpers/databases";

describe.each(BACKENDS)("people and roles on %s", (kind) => {
  let db: TTestDatabase;
  beforeEach(async () => {
    db = await migratedDatabase(kind);
  });
  afterEach(() => db.drop());

  it("hashes passwords with scrypt and never stores them in clear", async () => {
    const { adminCtx } = await seedPeople(db);
    await createUser({ ctx: adminCtx, input: { email: "Op@Test.Local", name: "Op", role: "operator", password: "operator-password-1" } });
    const account = await db.prisma.account.findFirstOrThrow({ where: { user: { email: "op@test.local" } } });
    expect(account.password).not.toContain("operator-password-1");
    expect(account.password).toMatch(/^[0-9a-f]+:[0-9a-f]+$/); // better-auth scrypt salt:key
    await expect(
      createUser({ ctx: adminCtx, input: { email: "op@test.local", name: "Again", role: "viewer", password: "another-password-1" } }),
    ).rejects.toThrow(ConflictError);
  });

  it("changes roles with an audit row, ends the person's sessions, and protects the last admin", async () => {
    const { adminCtx, admin, viewer } = await seedPeople(db);
    await db.prisma.session.create({ data: { id: "s1", token: "t1", userId: viewer.type === "user" ? viewer.id : "", expiresAt: new Date(Date.now() + 1e6) } });
    const updated = await updateUserRole({ ctx: adminCtx, input: { id: viewer.type === "user" ? viewer.id : "", role: "operator" } });
    expect(updated.role).toBe("operator");
    expect(await db.prisma.session.count()).toBe(0);
    const audit = await db.prisma.auditLog.findFirstOrThrow({ where: { action: "user.role" } });
    expect(audit.before).toEqual({ role: "viewer" });
    expect(audit.after).toEqual({ role: "operator" });
    await expect(updateUserRole({ ctx: adminCtx, input: { id: admin.type === "user" ? admin.id : "", role: "viewer" } })).rejects.toThrow(/last admin/);
    await expect(deleteUser({ ctx: adminCtx, input: { id: admin.type === "user" ? admin.id : "" } })).rejects.toThrow(ConflictError);
  });

  it("refuses people management to non-admins", async () => {
    const { viewerCtx } = await seedPeople(db);
    await expect(listUsers({ ctx: viewerCtx })).rejects.toThrow(ForbiddenError);
    await expect(createUser({ ctx: viewerCtx, input: { email: "x@y.z", name: "x", role: "admin", password: "long-enough-pass" } })).rejects.toThrow(
      ForbiddenError,
    );
  });

  it("keeps the audit log append-only at the database", async () => {
    await seedPeople(db);
    const row = await db.prisma.auditLog.findFirstOrThrow();
    await expect(db.prisma.auditLog.update({ where: { id: row.id }, data: { action: "tampered" } })).rejects.toThrow(/append-only/);
    await expect(db.prisma.auditLog.deleteMany()).rejects.toThrow(/append-only/);
  });

  it("creates the env admin once and keeps an existing password", async () => {
    expect(await ensureAdmin(db.prisma, { email: "Boss@Test.Local", password: "first-password-1" })).toBe("created");
    expect(await ensureAdmin(db.prisma, { email: "boss@test.local", password: "second-password-2" })).toBe("present");
    expect(await db.prisma.user.count({ where: { role: "admin" } })).toBe(1);
  });

  it("redeems the setup link exactly once, and only while nobody exists", async () => {
    const link = await prepareSetupLink(db.prisma, "http://127.0.0.1:3000");
    const token = new URL(link!).searchParams.get("token")!;
    const input = { token, email: "first@test.local", name: "First", password: "first-admin-pass" };
    const results = await Promise.allSettled([completeSetup({ db: db.prisma, input }), completeSetup({ db: db.prisma, input: { ...input, email: "second@test.local" } })]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(await db.prisma.user.count()).toBe(1);
    await expect(completeSetup({ db: db.prisma, input })).rejects.toThrow(/invalid, expired or already used/);
    expect(await prepareSetupLink(db.prisma, "http://127.0.0.1:3000")).toBeNull();
  });

  it("refuses an expired setup link", async () => {
    const link = await prepareSetupLink(db.prisma, "http://x", new Date(Date.now() - 25 * 3600_000));
    const token = new URL(link!).searchParams.get("token")!;
    await expect(completeSetup({ db: db.prisma, input: { token, email: "a@b.co", name: "A", password: "long-enough-pass" } })).rejects.toThrow(
      ForbiddenError,
    );
  });
});
