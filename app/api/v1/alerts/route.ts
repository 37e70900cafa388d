import { z } from "zod";
import { listAlerts, ZAlertView, ZListAlertsInput } from "@/lib/detection/alerts";
import { withRoute } from "@/lib/http/with-route";

// GET /api/v1/alerts - alerts, newest onset first; ?state= (repeatable), cluster, since (ms), limit (read)
export const GET = withRoute({ route: "/api/v1/alerts", permission: "read", query: ZListAlertsInput }, async ({ ctx, query }) => {
  const alerts = await listAlerts({ ctx, input: query });
  return Response.json(z.object({ alerts: ZAlertView.array() }).parse({ alerts }));
});
