import { withRoute } from "@/lib/http/with-route";
import { listSeries } from "@/lib/telemetry/query/list-series";
import { ZSeriesQuery } from "@/lib/telemetry/query/schemas";

// GET /api/v1/series - series in the live window with labels and newest point (scope read)
export const GET = withRoute({ route: "/api/v1/series", permission: "read", query: ZSeriesQuery }, async ({ rt, query }) => {
  return Response.json({ series: listSeries(rt.telemetry.store, query) });
});
