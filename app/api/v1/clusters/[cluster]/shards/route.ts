import { getClusterShards, ZClusterShards, ZClusterShardsInput } from "@/lib/dashboard/cluster";
import { withRoute } from "@/lib/http/with-route";

// GET /api/v1/clusters/:cluster/shards - top-N shards by qps, the Lorenz curve and load per node (read)
export const GET = withRoute(
  { route: "/api/v1/clusters/:cluster/shards", permission: "read", query: ZClusterShardsInput },
  async ({ ctx, rt, params, query }) => {
    const shards = await getClusterShards({ ctx, input: { ...query, cluster: params.cluster ?? "" }, store: rt.telemetry.store, sql: rt.db.sql });
    return Response.json(ZClusterShards.parse(shards));
  },
);
