import { writeAudit } from "@/lib/audit/write-audit";
import { requirePermission } from "@/lib/auth/require";
import type { TCtx } from "@/lib/context";
import { nowOf } from "@/lib/context";
import { checkWebhookUrl, configOf, toWebhookView, WITH_CREATOR, type TWebhookGuard } from "./internal";
import { ZCreateWebhookInput, type TCreateWebhookInput } from "./schemas";
import { newWebhookSecret } from "./sign";

/** Adds an endpoint after checking its URL (DNS included); the signing secret is returned this once. */
export async function createWebhook({ ctx, input, guard }: { ctx: TCtx; input: TCreateWebhookInput; guard: TWebhookGuard }) {
  requirePermission(ctx.actor, "admin");
  const { routingKey, ...data } = ZCreateWebhookInput.parse(input);
  await checkWebhookUrl(data.url, guard);
  const at = nowOf(ctx);
  const secret = newWebhookSecret();
  const row = await ctx.db.$transaction(async (tx) => {
    const created = await tx.webhookEndpoint.create({
      data: {
        ...data,
        kind: "endpoint",
        secret,
        options: routingKey ? { routingKey } : {},
        createdById: ctx.actor.type === "user" ? ctx.actor.id : null,
        createdAt: at,
        updatedAt: at,
      },
      include: WITH_CREATOR,
    });
    await writeAudit(tx, { actor: ctx.actor, action: "webhook.create", targetType: "webhook", targetId: created.id, after: configOf(created), requestId: ctx.requestId });
    return created;
  });
  return { webhook: toWebhookView(row), secret };
}
