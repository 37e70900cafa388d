import { writeAudit } from "@/lib/audit/write-audit";
import { requirePermission } from "@/lib/auth/require";
import type { TCtx } from "@/lib/context";
import { nowOf } from "@/lib/context";
import { ConflictError, fromZodError } from "@/lib/errors";
import { checkWebhookUrl, configOf, getEndpointOrThrow, toWebhookView, WITH_CREATOR, type TWebhookGuard } from "./internal";
import { ZCreateWebhookInput, ZUpdateWebhookInput, type TUpdateWebhookInput, type TWebhookFormat } from "./schemas";

/** Changes an endpoint; enabling clears the failure count and any auto-disable reason. */
export async function updateWebhook({ ctx, input, guard }: { ctx: TCtx; input: { id: string } & TUpdateWebhookInput; guard: TWebhookGuard }) {
  requirePermission(ctx.actor, "admin");
  const { id, ...fields } = input;
  const patch = ZUpdateWebhookInput.parse(fields);
  const before = await getEndpointOrThrow(ctx.db, id);
  const options = before.options as { routingKey?: string };
  // The merged endpoint must still be valid (e.g. PagerDuty keeps to alert.* events).
  const merged = ZCreateWebhookInput.safeParse({
    name: patch.name ?? before.name,
    url: patch.url ?? before.url,
    format: before.format as TWebhookFormat,
    eventTypes: patch.eventTypes ?? before.eventTypes,
    routingKey: patch.routingKey ?? options.routingKey,
  });
  if (!merged.success) throw fromZodError(merged.error, "The webhook");
  if (patch.url && patch.url !== before.url) await checkWebhookUrl(patch.url, guard);
  const at = nowOf(ctx);
  const { routingKey, enabled, ...rest } = patch;
  const enabling = enabled === true && !before.enabled;
  const row = await ctx.db.$transaction(async (tx) => {
    const { count } = await tx.webhookEndpoint.updateMany({
      where: { id, kind: "endpoint", updatedAt: before.updatedAt },
      data: {
        ...rest,
        ...(routingKey ? { options: { ...options, routingKey } } : {}),
        ...(enabled === undefined ? {} : { enabled }),
        ...(enabling ? { consecutiveFailures: 0, disabledAt: null, disabledReason: null } : {}),
        ...(enabled === false && before.enabled ? { disabledAt: at, disabledReason: `disabled by ${ctx.actor.label}` } : {}),
        updatedAt: at,
      },
    });
    if (!count) throw new ConflictError("This webhook changed while you edited it; reload and try again");
    const after = await tx.webhookEndpoint.findUniqueOrThrow({ where: { id }, include: WITH_CREATOR });
    await writeAudit(tx, { actor: ctx.actor, action: "webhook.update", targetType: "webhook", targetId: id, before: configOf(before), after: configOf(after), requestId: ctx.requestId });
    return after;
  });
  return toWebhookView(row);
}
