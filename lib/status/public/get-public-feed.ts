import { z } from "zod";
import { ZPublicFeedEntry, type TPublicFeedEntry } from "./schema";
import type { TPublicCtx } from "./get-public-status";

// The feed's read: the newest updates of PUBLISHED notices, one entry each, whatever their age.

export const FEED_SIZE = 50;

export async function getPublicFeed({ ctx }: { ctx: TPublicCtx; input?: Record<string, never> }): Promise<TPublicFeedEntry[]> {
  const rows = await ctx.db.noticeUpdate.findMany({
    where: { notice: { state: "published" } },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: FEED_SIZE,
    select: {
      id: true,
      status: true,
      body: true,
      createdAt: true,
      notice: { select: { id: true, title: true, kind: true, impact: true, components: { select: { component: { select: { name: true } } } } } },
    },
  });
  return z.array(ZPublicFeedEntry).parse(
    rows.map((u) => ({
      id: u.id,
      noticeId: u.notice.id,
      title: u.notice.title,
      kind: u.notice.kind,
      impact: u.notice.impact,
      status: u.status,
      body: u.body,
      createdAt: u.createdAt.toISOString(),
      components: u.notice.components.map((c) => c.component.name).sort(),
    })),
  );
}
