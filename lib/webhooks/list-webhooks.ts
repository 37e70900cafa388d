import { requirePermission } from "@/lib/auth/require";
import type { TCtx } from "@/lib/context";
import { getEndpointOrThrow, pendingCounts, toWebhookView, WITH_CREATOR } from "./internal";

/** Admin-configured endpoints (not status subscribers), newest first, with their backlog. */
export async function listWebhooks({ ctx }: { ctx: TCtx }) {
  requirePermission(ctx.actor, "admin");
  const rows = await ctx.db.webhookEndpoint.findMany({ where: { kind: "endpoint" }, orderBy: { createdAt: "desc" }, include: WITH_CREATOR, take: 500 });
  const pending = await pendingCounts(ctx.db, rows.map((r) => r.id));
  return rows.map((r) => toWebhookView(r, pending.get(r.id) ?? 0));
}

export async function getWebhook({ ctx, input }: { ctx: TCtx; input: { id: string } }) {
  requirePermission(ctx.actor, "admin");
  const row = await getEndpointOrThrow(ctx.db, input.id);
  const pending = await pendingCounts(ctx.db, [row.id]);
  return toWebhookView(row, pending.get(row.id) ?? 0);
}

/** Endpoints the deliverer turned off, for the admin banner (auto-disabled, not switched off by a person). */
export async function listDisabledWebhooks({ ctx }: { ctx: TCtx }) {
  requirePermission(ctx.actor, "admin");
  const rows = await ctx.db.webhookEndpoint.findMany({
    where: { kind: "endpoint", enabled: false, disabledReason: { contains: "in a row failed" } },
    orderBy: { disabledAt: "desc" },
    take: 20,
  });
  return rows.map((r) => ({ id: r.id, name: r.name, disabledAt: r.disabledAt?.getTime() ?? null, reason: r.disabledReason ?? "" }));
}
