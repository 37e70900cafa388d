import type { TActor } from "@/lib/auth/actor";
import type { PrismaClient } from "@/lib/generated/prisma/client.ts";

/** What every service receives: the database, who is acting, and (for tests) the time. */
export type TCtx = { db: PrismaClient; actor: TActor; now?: Date; requestId?: string };

export function nowOf(ctx: TCtx): Date {
  return ctx.now ?? new Date();
}
