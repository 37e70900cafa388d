import { withRoute } from "@/lib/http/with-route";
import { listDeliveries, ZDeliveryView, ZListDeliveriesInput } from "@/lib/webhooks";

// GET /api/v1/webhooks/:id/deliveries - recent deliveries with every attempt; ?state=&limit= (admin)
export const GET = withRoute(
  { route: "/api/v1/webhooks/:id/deliveries", permission: "admin", query: ZListDeliveriesInput },
  async ({ ctx, params, query }) => {
    const deliveries = await listDeliveries({ ctx, input: { ...query, id: params.id ?? "" } });
    return Response.json({ deliveries: ZDeliveryView.array().parse(deliveries) });
  },
);
