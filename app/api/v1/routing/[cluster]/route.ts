import { z } from "zod";
import { withRoute } from "@/lib/http/with-route";
import { getRouting, ZRoutingView } from "@/lib/mitigation/routing";

const ZQuery = z.object({ ifNewerThan: z.coerce.number({ error: "ifNewerThan is a routing version (a whole number)" }).int().min(0).optional() });

// GET /api/v1/routing/:cluster - the shard registry: (shard, key range, node, capacity, status) and the
// routing version; ?ifNewerThan=N answers 304 while the version is still N, so a reader detects staleness (read)
export const GET = withRoute({ route: "/api/v1/routing/:cluster", permission: "read", query: ZQuery }, async ({ ctx, params, query }) => {
  const routing = await getRouting({ ctx, input: { cluster: params.cluster ?? "" } });
  if (query.ifNewerThan !== undefined && routing.routingVersion <= query.ifNewerThan) return new Response(null, { status: 304, headers: { "x-routing-version": String(routing.routingVersion) } });
  return Response.json({ routing: ZRoutingView.parse(routing) }, { headers: { "x-routing-version": String(routing.routingVersion) } });
});
