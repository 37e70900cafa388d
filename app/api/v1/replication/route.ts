import { getReplication } from "@/lib/dashboard/get-replication";
import { ZReplicationQuery, ZReplicationResult } from "@/lib/dashboard/schemas";
import { withRoute } from "@/lib/http/with-route";

// GET /api/v1/replication - one cluster's replicas by state (worst first, paginated) and lag over a range against the SLO (read)
export const GET = withRoute({ route: "/api/v1/replication", permission: "read", query: ZReplicationQuery }, async ({ ctx, rt, query }) => {
  const result = await getReplication({ ctx, store: rt.telemetry.store, sql: rt.db.sql, input: query });
  return Response.json(ZReplicationResult.parse(result));
});
