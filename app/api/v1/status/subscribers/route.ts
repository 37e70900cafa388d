import { clientAddress } from "@/lib/auth/handle-auth-request";
import { withPublicRoute } from "@/lib/http/with-route";
import { getWebhookConfig, subscribeToStatus, ZSubscribeInput } from "@/lib/webhooks";
import { takeSubscribeSlot } from "@/lib/webhooks/subscribe-limiter";

// POST /api/v1/status/subscribers - register a webhook URL for status notices; a signed
// subscription.confirm event carrying the one-time token is sent to it (public, rate-limited)
export const POST = withPublicRoute({ route: "/api/v1/status/subscribers", body: ZSubscribeInput, maxBodyBytes: 4096 }, async ({ req, body, rt }) => {
  takeSubscribeSlot(clientAddress(req.headers, rt.env.SHARDWATCH_TRUST_PROXY));
  const ctx = { db: rt.db.prisma, baseUrl: rt.env.baseUrl, guard: { policy: getWebhookConfig().policy } };
  const subscriber = await subscribeToStatus({ ctx, input: body });
  return Response.json({ subscriber }, { status: 202 });
});
