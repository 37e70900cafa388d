import { createHash, randomBytes } from "node:crypto";
import type { ApiToken, User } from "@/lib/generated/prisma/client.ts";
import type { TToken } from "./schemas";

export const TOKEN_PREFIX = "sw_";

/** 32 random bytes, base64url: 256 bits, so a fast hash is enough to store it. */
export function newTokenSecret(): string {
  return TOKEN_PREFIX + randomBytes(32).toString("base64url");
}

export function hashToken(secret: string): string {
  return createHash("sha256").update(secret).digest("hex");
}

export function displayPrefix(secret: string): string {
  return secret.slice(0, TOKEN_PREFIX.length + 6);
}

export function toToken(row: ApiToken & { createdBy?: Pick<User, "email"> | null }): TToken {
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    scopes: row.scopes,
    createdBy: row.createdBy?.email ?? null,
    createdAt: row.createdAt.getTime(),
    lastUsedAt: row.lastUsedAt?.getTime() ?? null,
    revokedAt: row.revokedAt?.getTime() ?? null,
  };
}
