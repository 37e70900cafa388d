import type { PrismaClient } from "@/lib/generated/prisma/client.ts";
import { assemblePublicStatus } from "./assemble";
import { FINISHED } from "./levels";
import type { TPublicStatus } from "./schema";
import { DAY_MS } from "./uptime";

// The one read behind the public page and summary.json: components and every PUBLISHED notice that
// can still show (open, or over within the 90-day uptime window). Anonymous, so ctx has no actor.

export type TPublicCtx = { db: PrismaClient; now?: Date };

export async function getPublicStatus({ ctx }: { ctx: TPublicCtx; input?: Record<string, never> }): Promise<TPublicStatus> {
  const now = ctx.now ?? new Date();
  const windowStart = new Date(now.getTime() - 90 * DAY_MS);
  const [components, notices] = await Promise.all([
    ctx.db.statusComponent.findMany({ orderBy: [{ position: "asc" }, { name: "asc" }] }),
    ctx.db.notice.findMany({
      where: {
        state: "published",
        OR: [
          { resolvedAt: { gte: windowStart } },
          { resolvedAt: null, status: { notIn: [...FINISHED] } },
          { resolvedAt: null, updatedAt: { gte: windowStart } },
        ],
      },
      select: {
        id: true,
        kind: true,
        title: true,
        impact: true,
        status: true,
        sloName: true,
        sloImpact: true,
        expectedMinutes: true,
        scheduledFor: true,
        scheduledUntil: true,
        startedAt: true,
        resolvedAt: true,
        publishedAt: true,
        updatedAt: true,
        components: { select: { level: true, component: { select: { id: true, name: true } } } },
        updates: { select: { id: true, status: true, body: true, createdAt: true }, orderBy: { createdAt: "desc" } },
      },
    }),
  ]);
  return assemblePublicStatus({ components, notices }, now);
}
