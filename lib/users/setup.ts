import { createHash, randomBytes, randomUUID } from "node:crypto";
import { z } from "zod";
import { writeAudit } from "@/lib/audit/write-audit";
import { SYSTEM_ACTOR } from "@/lib/auth/actor";
import { ConflictError, ForbiddenError } from "@/lib/errors";
import type { PrismaClient } from "@/lib/generated/prisma/client.ts";
import { insertUserWithPassword, toUserSummary } from "./internal";

const SETUP_IDENTIFIER = "shardwatch:admin-setup";
const SETUP_TTL_MS = 24 * 3600_000;
const sha256 = (s: string) => createHash("sha256").update(s).digest("hex");

/** SHARDWATCH_ADMIN_EMAIL/PASSWORD: the admin exists after start-up (an existing password is kept). */
export async function ensureAdmin(db: PrismaClient, input: { email: string; password: string }): Promise<"created" | "present"> {
  const email = input.email.toLowerCase();
  return db.$transaction(async (tx) => {
    if (await tx.user.findUnique({ where: { email } })) return "present";
    const user = await insertUserWithPassword(tx, { email, name: email.split("@")[0] ?? "admin", role: "admin", password: input.password });
    await writeAudit(tx, { actor: SYSTEM_ACTOR, action: "user.bootstrap", targetType: "user", targetId: user.id, after: { email, role: "admin" } });
    return "created";
  });
}

/** With no users yet, makes a fresh one-time setup link (valid 24 h) and returns it; otherwise null. */
export async function prepareSetupLink(db: PrismaClient, baseUrl: string, now = new Date()): Promise<string | null> {
  if ((await db.user.count()) > 0) return null;
  const secret = randomBytes(24).toString("base64url");
  await db.$transaction([
    db.verification.deleteMany({ where: { identifier: SETUP_IDENTIFIER } }),
    db.verification.create({
      data: { id: randomUUID(), identifier: SETUP_IDENTIFIER, value: sha256(secret), expiresAt: new Date(now.getTime() + SETUP_TTL_MS) },
    }),
  ]);
  return `${baseUrl}/setup?token=${secret}`;
}

export const ZCompleteSetupInput = z.object({
  token: z.string().min(1, "the setup link is incomplete"),
  email: z.email("enter a valid email address").transform((e) => e.toLowerCase()),
  name: z.string().trim().min(1, "enter your name").max(120),
  password: z.string().min(12, "use at least 12 characters").max(256),
});

/** Redeems the setup link once: creates the first admin. */
export async function completeSetup({ db, input, now = new Date() }: { db: PrismaClient; input: z.input<typeof ZCompleteSetupInput>; now?: Date }) {
  const data = ZCompleteSetupInput.parse(input);
  const user = await db.$transaction(async (tx) => {
    const { count } = await tx.verification.deleteMany({
      where: { identifier: SETUP_IDENTIFIER, value: sha256(data.token), expiresAt: { gt: now } },
    });
    if (count !== 1) throw new ForbiddenError("This setup link is invalid, expired or already used; restart Shardwatch for a new one");
    if ((await tx.user.count()) > 0) throw new ConflictError("Shardwatch is already set up; sign in instead");
    const created = await insertUserWithPassword(tx, { email: data.email, name: data.name, role: "admin", password: data.password });
    await writeAudit(tx, { actor: SYSTEM_ACTOR, action: "user.setup", targetType: "user", targetId: created.id, after: { email: data.email, role: "admin" } });
    return created;
  });
  return toUserSummary(user);
}
