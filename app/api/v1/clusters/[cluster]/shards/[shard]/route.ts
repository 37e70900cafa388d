import { getShardDetail, ZShardDetail } from "@/lib/dashboard/cluster";
import { withRoute } from "@/lib/http/with-route";

// GET /api/v1/clusters/:cluster/shards/:shard - key range, node, replicas and lag, rule thresholds, alerts and hot-spot episodes (read)
export const GET = withRoute({ route: "/api/v1/clusters/:cluster/shards/:shard", permission: "read" }, async ({ ctx, rt, params }) => {
  const detail = await getShardDetail({ ctx, input: { cluster: params.cluster ?? "", shard: params.shard ?? "" }, store: rt.telemetry.store });
  return Response.json(ZShardDetail.parse(detail));
});
