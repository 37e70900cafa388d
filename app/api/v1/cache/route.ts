import { getCache } from "@/lib/dashboard/get-cache";
import { ZCacheQuery, ZCacheResult } from "@/lib/dashboard/schemas";
import { withRoute } from "@/lib/http/with-route";

// GET /api/v1/cache - one cluster's cache nodes against their hit-ratio baseline, hot keys and one node over a range (read)
export const GET = withRoute({ route: "/api/v1/cache", permission: "read", query: ZCacheQuery }, async ({ ctx, rt, query }) => {
  const result = await getCache({ ctx, store: rt.telemetry.store, sql: rt.db.sql, input: query });
  return Response.json(ZCacheResult.parse(result));
});
