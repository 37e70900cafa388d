import { NotFoundError } from "@/lib/errors";
import { withRoute } from "@/lib/http/with-route";
import { resendDelivery, ZDeliveryView } from "@/lib/webhooks";

// POST /api/v1/webhook-deliveries/:id:resend - send a delivery again now, same webhook-id (operate)
export const POST = withRoute({ route: "/api/v1/webhook-deliveries/:id:resend", permission: "operate" }, async ({ ctx, params }) => {
  const m = /^(.+):resend$/.exec(params.action ?? "");
  if (!m) throw new NotFoundError("POST /api/v1/webhook-deliveries/{id}:resend");
  const delivery = await resendDelivery({ ctx, input: { id: m[1]! } });
  return Response.json({ delivery: ZDeliveryView.parse(delivery) }, { status: 202 });
});
