import { getAlert, ZAlertView } from "@/lib/detection/alerts";
import { withRoute } from "@/lib/http/with-route";

// GET /api/v1/alerts/:id - one alert (read)
export const GET = withRoute({ route: "/api/v1/alerts/:id", permission: "read" }, async ({ ctx, params }) => {
  const alert = await getAlert({ ctx, input: { id: params.id ?? "" } });
  return Response.json({ alert: ZAlertView.parse(alert) });
});
