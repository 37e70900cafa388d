import type { TActor } from "@/lib/auth/actor";
import type { TDatabase } from "@/lib/db";
import { createUser } from "@/lib/users";
import { ensureAdmin } from "@/lib/users/setup";

/** Seeds through the service layer: an admin (bootstrap path), then people with other roles. */
export async function seedPeople(db: TDatabase) {
  await ensureAdmin(db.prisma, { email: "admin@test.local", password: "admin-password-123" });
  const row = await db.prisma.user.findUniqueOrThrow({ where: { email: "admin@test.local" } });
  const admin: TActor = { type: "user", id: row.id, label: row.email, email: row.email, name: row.name, role: "admin" };
  const ctx = { db: db.prisma, actor: admin };
  const v = await createUser({ ctx, input: { email: "viewer@test.local", name: "Vi", role: "viewer", password: "viewer-password-123" } });
  const viewer: TActor = { type: "user", id: v.id, label: v.email, email: v.email, name: v.name, role: "viewer" };
  return { admin, viewer, adminCtx: ctx, viewerCtx: { db: db.prisma, actor: viewer } };
}
