import { requirePermission } from "@/lib/auth/require";
import type { TCtx } from "@/lib/context";
import { nowOf } from "@/lib/context";
import { ZAlertmanagerPayload, type TAlertmanagerPayload, type TAlertmanagerReceipt } from "./schemas";
import { toAlertRow, type TExternalAlertRow } from "./to-alert-rows";

const NEW = { source: "alertmanager", ruleId: null } as const;

function refreshed(row: TExternalAlertRow) {
  const { labels, annotations, summary, value, severity, endsAt, lastEvalAt, generatorUrl } = row;
  return { labels, annotations, summary, value, severity, endsAt, lastEvalAt, generatorUrl };
}

/**
 * Stores an Alertmanager notification's alerts beside Shardwatch's own (all or nothing). A repeat
 * notification refreshes the alert; a resolved alert is never reopened by a late firing one.
 */
export async function receiveAlertmanager({ ctx, input }: { ctx: TCtx; input: TAlertmanagerPayload }): Promise<TAlertmanagerReceipt> {
  requirePermission(ctx.actor, "ingest");
  const payload = ZAlertmanagerPayload.parse(input);
  const now = nowOf(ctx).getTime();
  // The last word on an alert instance within one notification wins.
  const rows = [...new Map(payload.alerts.map((a) => toAlertRow(a, now)).map((r) => [r.id, r])).values()];
  await ctx.db.$transaction(async (tx) => {
    const existing = new Set((await tx.alert.findMany({ where: { id: { in: rows.map((r) => r.id) } }, select: { id: true } })).map((r) => r.id));
    const fresh = rows.filter((r) => !existing.has(r.id));
    if (fresh.length) await tx.alert.createMany({ data: fresh.map((r) => ({ ...r, ...NEW })), skipDuplicates: true });
    for (const row of rows.filter((r) => existing.has(r.id))) {
      if (row.state === "firing") await tx.alert.updateMany({ where: { id: row.id, state: "firing" }, data: refreshed(row) });
      else await tx.alert.updateMany({ where: { id: row.id, state: { not: "resolved" } }, data: { ...refreshed(row), state: "resolved", resolvedAt: row.resolvedAt } });
    }
  });
  const firing = rows.filter((r) => r.state === "firing").length;
  return { received: rows.length, firing, resolved: rows.length - firing, truncated: payload.truncatedAlerts ?? 0 };
}
