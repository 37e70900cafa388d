import { withRoute } from "@/lib/http/with-route";
import { pushTelemetry } from "@/lib/telemetry/push";

// POST /api/v1/telemetry - push shard, replica and cache samples (scope ingest); 202 once durable
export const POST = withRoute({ route: "/api/v1/telemetry", permission: "ingest" }, async ({ req, rt }) => {
  const { accepted } = await pushTelemetry(rt, req);
  return Response.json({ accepted }, { status: 202 });
});
