import { receiveAlertmanager, ZAlertmanagerPayload, ZAlertmanagerReceipt } from "@/lib/integrations/alertmanager";
import { withRoute } from "@/lib/http/with-route";

// POST /api/v1/integrations/alertmanager - an Alertmanager webhook (payload v4) delivers its alerts (ingest)
export const POST = withRoute(
  { route: "/api/v1/integrations/alertmanager", permission: "ingest", body: ZAlertmanagerPayload, maxBodyBytes: 5_000_000 },
  async ({ ctx, body }) => {
    const receipt = await receiveAlertmanager({ ctx, input: body });
    return Response.json(ZAlertmanagerReceipt.parse(receipt));
  },
);
