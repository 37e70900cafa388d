import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ConflictError, ForbiddenError, NotFoundError } from "@/lib/errors";
import { createToken, ensureBootstrapToken, listTokens, revokeToken, verifyToken } from "@/lib/tokens";
import { seedPeople } from "./helpers/actors";
import { BACKENDS, migratedDatabase, type TTestDatabase } from "./helpers/databases";

describe.each(BACKENDS)("API tokens on %s", (kind) => {
  let db: TTestDatabase;
  let people: Awaited<ReturnType<typeof seedPeople>>;
  beforeEach(async () => {
    db = await migratedDatabase(kind);
    people = await seedPeople(db);
  });
  afterEach(() => db.drop());

  it("stores only a hash, verifies the secret, and audits the creation in the same transaction", async () => {
    const token = await createToken({ ctx: people.adminCtx, input: { name: "exporter", scopes: ["read", "ingest", "read"] } });
    expect(token.secret).toMatch(/^sw_[A-Za-z0-9_-]{43}$/);
    expect(token.scopes).toEqual(["ingest", "read"]);
    const row = await db.prisma.apiToken.findUniqueOrThrow({ where: { id: token.id } });
    expect(JSON.stringify(row)).not.toContain(token.secret);
    const actor = await verifyToken(db.prisma, token.secret);
    expect(actor).toMatchObject({ type: "token", id: token.id, scopes: ["ingest", "read"] });
    expect(await verifyToken(db.prisma, token.secret + "x")).toBeNull();
    const audit = await db.prisma.auditLog.findMany({ where: { action: "token.create", targetId: token.id } });
    expect(audit).toHaveLength(1);
    expect(audit[0]!.actorLabel).toBe("admin@test.local");
  });

  it("revokes at once, and revoking twice is a conflict", async () => {
    const token = await createToken({ ctx: people.adminCtx, input: { name: "ci", scopes: ["read"] } });
    await verifyToken(db.prisma, token.secret); // warm the cache: revocation must clear it
    await revokeToken({ ctx: people.adminCtx, input: { id: token.id } });
    expect(await verifyToken(db.prisma, token.secret)).toBeNull();
    await expect(revokeToken({ ctx: people.adminCtx, input: { id: token.id } })).rejects.toThrow(ConflictError);
    await expect(revokeToken({ ctx: people.adminCtx, input: { id: "00000000-0000-0000-0000-000000000000" } })).rejects.toThrow(NotFoundError);
    const list = await listTokens({ ctx: people.adminCtx });
    expect(list.find((t) => t.id === token.id)?.revokedAt).not.toBeNull();
  });

  it("lets only admins manage tokens, and writes nothing when refused", async () => {
    await expect(createToken({ ctx: people.viewerCtx, input: { name: "x", scopes: ["read"] } })).rejects.toThrow(ForbiddenError);
    await expect(listTokens({ ctx: people.viewerCtx })).rejects.toThrow(ForbiddenError);
    expect(await db.prisma.apiToken.count()).toBe(0);
  });

  it("rejects an empty name or no scopes with field messages", async () => {
    await expect(createToken({ ctx: people.adminCtx, input: { name: " ", scopes: [] } })).rejects.toMatchObject({
      issues: expect.arrayContaining([expect.objectContaining({ path: ["name"] }), expect.objectContaining({ path: ["scopes"] })]) as unknown,
    });
  });

  it("keeps the bootstrap token present with every scope, idempotently", async () => {
    const secret = "bootstrap-secret-0123456789abcdef";
    expect(await ensureBootstrapToken(db.prisma, secret)).toBe("created");
    expect(await ensureBootstrapToken(db.prisma, secret)).toBe("present");
    const actor = await verifyToken(db.prisma, secret);
    expect(actor?.scopes.sort()).toEqual(["admin", "ingest", "operate", "read"]);
    expect(await db.prisma.apiToken.count()).toBe(1);
  });

  it("allows exactly one of two concurrent revocations", async () => {
    const token = await createToken({ ctx: people.adminCtx, input: { name: "race", scopes: ["read"] } });
    const results = await Promise.allSettled([
      revokeToken({ ctx: people.adminCtx, input: { id: token.id } }),
      revokeToken({ ctx: people.adminCtx, input: { id: token.id } }),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(await db.prisma.auditLog.count({ where: { action: "token.revoke" } })).toBe(1);
  });
});
