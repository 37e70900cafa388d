import { withRoute } from "@/lib/http/with-route";
import { receiveRemoteWrite } from "@/lib/telemetry/prom/receive";

// POST /api/v1/write - Prometheus remote_write 1.0 (snappy + protobuf) (scope ingest); 204 once durable
export const POST = withRoute({ route: "/api/v1/write", permission: "ingest" }, async ({ req, rt }) => {
  await receiveRemoteWrite(rt, req);
  return new Response(null, { status: 204 });
});
