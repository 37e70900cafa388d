import { withPublicRoute } from "@/lib/http/with-route";
import { getMetrics } from "@/lib/metrics";

export const dynamic = "force-dynamic";

// GET /metrics - Prometheus exposition of Shardwatch's own figures
export const GET = withPublicRoute({ route: "/metrics" }, async () => {
  const { registry } = getMetrics();
  return new Response(await registry.metrics(), { headers: { "content-type": registry.contentType } });
});
