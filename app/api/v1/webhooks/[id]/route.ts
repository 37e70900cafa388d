import { NotFoundError } from "@/lib/errors";
import { withRoute } from "@/lib/http/with-route";
import { deleteWebhook, getWebhook, getWebhookConfig, testWebhook, updateWebhook, ZUpdateWebhookInput, ZWebhookView } from "@/lib/webhooks";

// GET /api/v1/webhooks/:id - one endpoint (admin)
export const GET = withRoute({ route: "/api/v1/webhooks/:id", permission: "admin" }, async ({ ctx, params }) => {
  const webhook = await getWebhook({ ctx, input: { id: params.id ?? "" } });
  return Response.json({ webhook: ZWebhookView.parse(webhook) });
});

// PATCH /api/v1/webhooks/:id - rename, change URL, events or routing key, enable or disable (admin)
export const PATCH = withRoute({ route: "/api/v1/webhooks/:id", permission: "admin", body: ZUpdateWebhookInput }, async ({ ctx, params, body }) => {
  const webhook = await updateWebhook({ ctx, input: { ...body, id: params.id ?? "" }, guard: { policy: getWebhookConfig().policy } });
  return Response.json({ webhook: ZWebhookView.parse(webhook) });
});

// DELETE /api/v1/webhooks/:id - remove an endpoint and its delivery log (admin)
export const DELETE = withRoute({ route: "/api/v1/webhooks/:id", permission: "admin" }, async ({ ctx, params }) => {
  await deleteWebhook({ ctx, input: { id: params.id ?? "" } });
  return new Response(null, { status: 204 });
});

// POST /api/v1/webhooks/:id:test - queue a signed `ping` event to this endpoint (admin)
export const POST = withRoute({ route: "/api/v1/webhooks/:id:test", permission: "admin" }, async ({ ctx, params }) => {
  const m = /^(.+):test$/.exec(params.id ?? "");
  if (!m) throw new NotFoundError("POST /api/v1/webhooks/{id}:test");
  const { eventId } = await testWebhook({ ctx, input: { id: m[1]! } });
  return Response.json({ eventId }, { status: 202 });
});
