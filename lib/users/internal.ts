import { randomUUID } from "node:crypto";
import { hashPassword } from "better-auth/crypto";
import type { Prisma, User } from "@/lib/generated/prisma/client.ts";
import { ConflictError } from "@/lib/errors";
import type { TUserSummary } from "./schemas";
import type { TRole } from "@/lib/auth/actor";

export function toUserSummary(u: User): TUserSummary {
  return { id: u.id, email: u.email, name: u.name, role: u.role, createdAt: u.createdAt.getTime() };
}

/** Inserts a user with a credential account (the shape better-auth signs in against). */
export async function insertUserWithPassword(
  tx: Prisma.TransactionClient,
  input: { email: string; name: string; role: TRole; password: string },
): Promise<User> {
  const taken = await tx.user.findUnique({ where: { email: input.email } });
  if (taken) throw new ConflictError(`A user with email ${input.email} already exists`);
  const id = randomUUID();
  const user = await tx.user.create({ data: { id, email: input.email, name: input.name, role: input.role, emailVerified: true } });
  await tx.account.create({
    data: { id: randomUUID(), accountId: id, providerId: "credential", userId: id, password: await hashPassword(input.password) },
  });
  return user;
}
