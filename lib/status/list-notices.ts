import { requirePermission } from "@/lib/auth/require";
import type { TCtx } from "@/lib/context";
import type { Prisma } from "@/lib/generated/prisma/client.ts";
import { getNoticeOrThrow, toNoticeView, WITH_DETAIL } from "./internal";
import { ZListNoticesInput, type TListNoticesInput } from "./schemas";

const FINAL = ["resolved", "completed"];
const WHERE: Record<string, Prisma.NoticeWhereInput> = {
  drafts: { state: "draft" },
  active: { state: "published", status: { notIn: FINAL } },
  past: { OR: [{ state: "discarded" }, { state: "published", status: { in: FINAL } }] },
  all: {},
};

/** drafts | active (published, not ended) | past (ended or discarded) | all; newest first. */
export async function listNotices({ ctx, input = {} }: { ctx: TCtx; input?: TListNoticesInput }) {
  requirePermission(ctx.actor, "read");
  const { filter } = ZListNoticesInput.parse(input);
  const rows = await ctx.db.notice.findMany({ where: WHERE[filter], orderBy: [{ createdAt: "desc" }, { id: "desc" }], include: WITH_DETAIL, take: 200 });
  return rows.map(toNoticeView);
}

export async function getNotice({ ctx, input }: { ctx: TCtx; input: { id: string } }) {
  requirePermission(ctx.actor, "read");
  return toNoticeView(await getNoticeOrThrow(ctx.db, input.id));
}
