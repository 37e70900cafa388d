import { writeAudit } from "@/lib/audit/write-audit";
import { SCOPES, SYSTEM_ACTOR } from "@/lib/auth/actor";
import type { PrismaClient } from "@/lib/generated/prisma/client.ts";
import { displayPrefix, hashToken } from "./internal";

/** SHARDWATCH_BOOTSTRAP_TOKEN: a token with that value and every scope exists (hashed) after start-up. */
export async function ensureBootstrapToken(db: PrismaClient, secret: string): Promise<"created" | "present"> {
  const hash = hashToken(secret);
  return db.$transaction(async (tx) => {
    const existing = await tx.apiToken.findUnique({ where: { hash } });
    if (existing && !existing.revokedAt && SCOPES.every((s) => existing.scopes.includes(s))) return "present";
    const row = await tx.apiToken.upsert({
      where: { hash },
      create: { name: "bootstrap (SHARDWATCH_BOOTSTRAP_TOKEN)", prefix: displayPrefix(secret), hash, scopes: [...SCOPES] },
      update: { revokedAt: null, scopes: [...SCOPES] },
    });
    await writeAudit(tx, { actor: SYSTEM_ACTOR, action: "token.bootstrap", targetType: "api_token", targetId: row.id, after: { scopes: SCOPES } });
    return "created";
  });
}
