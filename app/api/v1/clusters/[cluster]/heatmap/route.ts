import { getClusterHeatmap, ZHeatmap, ZHeatmapInput } from "@/lib/dashboard/cluster";
import { withRoute } from "@/lib/http/with-route";

// GET /api/v1/clusters/:cluster/heatmap - shards in key order by time bucket, one metric, compact arrays (read)
export const GET = withRoute({ route: "/api/v1/clusters/:cluster/heatmap", permission: "read", query: ZHeatmapInput }, async ({ ctx, rt, params, query }) => {
  const heatmap = await getClusterHeatmap({ ctx, input: { ...query, cluster: params.cluster ?? "" }, store: rt.telemetry.store, sql: rt.db.sql });
  return Response.json(ZHeatmap.parse(heatmap));
});
