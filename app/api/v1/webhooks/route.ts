import { withRoute } from "@/lib/http/with-route";
import { createWebhook, getWebhookConfig, listWebhooks, ZCreateWebhookInput, ZWebhookView } from "@/lib/webhooks";

// GET /api/v1/webhooks - outgoing webhook endpoints with their state and backlog (admin)
export const GET = withRoute({ route: "/api/v1/webhooks", permission: "admin" }, async ({ ctx }) => {
  const webhooks = await listWebhooks({ ctx });
  return Response.json({ webhooks: ZWebhookView.array().parse(webhooks) });
});

// POST /api/v1/webhooks - add an endpoint; its URL must pass the outbound guard; the secret is shown once (admin)
export const POST = withRoute({ route: "/api/v1/webhooks", permission: "admin", body: ZCreateWebhookInput }, async ({ ctx, body }) => {
  const { webhook, secret } = await createWebhook({ ctx, input: body, guard: { policy: getWebhookConfig().policy } });
  return Response.json({ webhook: ZWebhookView.parse(webhook), secret }, { status: 201 });
});
