import { checkHealth } from "@/lib/health/check-health";
import { withPublicRoute } from "@/lib/http/with-route";

export const dynamic = "force-dynamic";

// GET /api/health - liveness and database readiness (200 ok, 503 when not ready)
export const GET = withPublicRoute({ route: "/api/health" }, async ({ rt }) => {
  const health = await checkHealth(rt);
  return Response.json(health, { status: health.status === "ok" ? 200 : 503, headers: { "cache-control": "no-store" } });
});
