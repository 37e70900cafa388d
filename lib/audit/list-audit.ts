import { z } from "zod";
import { requirePermission } from "@/lib/auth/require";
import type { TCtx } from "@/lib/context";

export const ZListAuditInput = z.object({
  before: z.coerce.bigint({ error: "expected an entry id" }).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  action: z.string().max(64).optional(),
});

export const ZAuditEntry = z.object({
  id: z.string(),
  at: z.number(),
  actorType: z.enum(["user", "token", "system"]),
  actorLabel: z.string(),
  action: z.string(),
  targetType: z.string(),
  targetId: z.string().nullable(),
  before: z.unknown(),
  after: z.unknown(),
  requestId: z.string().nullable(),
});
export type TAuditEntry = z.infer<typeof ZAuditEntry>;

/** Newest first, paged by id (`before` is the last id of the previous page). */
export async function listAudit({ ctx, input }: { ctx: TCtx; input: z.input<typeof ZListAuditInput> }) {
  requirePermission(ctx.actor, "admin");
  const { before, limit, action } = ZListAuditInput.parse(input);
  const rows = await ctx.db.auditLog.findMany({
    where: { ...(before ? { id: { lt: before } } : {}), ...(action ? { action: { startsWith: action } } : {}) },
    orderBy: { id: "desc" },
    take: limit + 1,
  });
  const page = rows.slice(0, limit).map((r) => ({
    id: r.id.toString(),
    at: r.at.getTime(),
    actorType: r.actorType,
    actorLabel: r.actorLabel,
    action: r.action,
    targetType: r.targetType,
    targetId: r.targetId,
    before: r.before,
    after: r.after,
    requestId: r.requestId,
  }));
  return { entries: page, nextBefore: rows.length > limit ? page[page.length - 1]!.id : null };
}
