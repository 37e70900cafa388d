import { requirePermission } from "@/lib/auth/require";
import type { TCtx } from "@/lib/context";
import { fromZodError } from "@/lib/errors";
import { toMitigationView, WITH_DETAIL } from "./internal";
import { ZListMitigationsInput, type TListMitigationsInput, type TMitigationView } from "./schemas";

/** Newest first, filtered by state, cluster or alert. */
export async function listMitigations({ ctx, input }: { ctx: TCtx; input: TListMitigationsInput }): Promise<TMitigationView[]> {
  requirePermission(ctx.actor, "read");
  const parsed = ZListMitigationsInput.safeParse(input);
  if (!parsed.success) throw fromZodError(parsed.error, "The query");
  const q = parsed.data;
  const rows = await ctx.db.mitigation.findMany({
    where: { ...(q.state ? { state: { in: q.state } } : {}), ...(q.cluster ? { cluster: q.cluster } : {}), ...(q.alertId ? { alertId: q.alertId } : {}) },
    include: WITH_DETAIL,
    orderBy: [{ createdAt: "desc" }, { rank: "asc" }],
    take: q.limit,
  });
  return rows.map(toMitigationView);
}
