import type { TActor } from "@/lib/auth/actor";
import type { PrismaClient } from "@/lib/generated/prisma/client.ts";
import { processSingleton } from "@/lib/process-singleton";
import { hashToken } from "./internal";

// Ingest sends hundreds of requests a second with one token: verified tokens are cached briefly.
// Revocation in this process clears the entry at once; other instances see it within CACHE_MS.
const CACHE_MS = 5_000;
const TOUCH_MS = 60_000;
type TEntry = { actor: Extract<TActor, { type: "token" }> | null; until: number; touchedAt: number };
const cache = processSingleton("tokenCache", () => new Map<string, TEntry>());

export function forgetVerifiedToken(hash: string): void {
  cache.delete(hash);
}

/** The token actor for a bearer secret, or null when it is unknown or revoked. */
export async function verifyToken(db: PrismaClient, secret: string, now = Date.now()): Promise<Extract<TActor, { type: "token" }> | null> {
  const hash = hashToken(secret);
  const hit = cache.get(hash);
  if (hit && hit.until > now) return hit.actor;
  const row = await db.apiToken.findUnique({ where: { hash } });
  const actor = row && !row.revokedAt ? { type: "token" as const, id: row.id, label: `token ${row.name}`, scopes: row.scopes } : null;
  const touchedAt = hit?.touchedAt ?? 0;
  if (cache.size > 10_000) cache.clear();
  cache.set(hash, { actor, until: now + CACHE_MS, touchedAt: actor && now - touchedAt > TOUCH_MS ? now : touchedAt });
  if (row && actor && now - touchedAt > TOUCH_MS) {
    await db.apiToken.update({ where: { id: row.id }, data: { lastUsedAt: new Date(now) } });
  }
  return actor;
}
