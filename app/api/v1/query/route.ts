import { jsonResponse } from "@/lib/http/json-response";
import { withRoute } from "@/lib/http/with-route";
import { queryRange } from "@/lib/telemetry/query/query-range";
import { ZRangeQuery } from "@/lib/telemetry/query/schemas";

// GET /api/v1/query - one metric over a range, bucketed by step and aggregated by a label (scope read)
export const GET = withRoute({ route: "/api/v1/query", permission: "read", query: ZRangeQuery }, async ({ req, rt, query }) => {
  return jsonResponse(req, await queryRange(rt.telemetry.store, rt.db.sql, query));
});
