import { withRoute } from "@/lib/http/with-route";
import { listTopology, ZListTopologyInput, ZTopologyItem } from "@/lib/topology";
import { z } from "zod";

// GET /api/v1/topology - clusters, or one cluster's nodes, shards, replicas or cache nodes (scope read)
export const GET = withRoute({ route: "/api/v1/topology", permission: "read", query: ZListTopologyInput }, async ({ ctx, query }) => {
  const page = await listTopology({ ctx, input: query });
  return Response.json(z.object({ items: ZTopologyItem.array(), total: z.number() }).parse(page));
});
