import { withPublicRoute } from "@/lib/http/with-route";
import { cachedResponse, pageInfoOf, readSummaryBody } from "@/lib/status/public/read";

// Rendered per request from the in-process cache, which a publish drops at once.
export const dynamic = "force-dynamic";

// GET /api/v1/status/summary.json - the public status in Atlassian Statuspage's summary.json shape (no sign-in)
export const GET = withPublicRoute({ route: "/api/v1/status/summary.json" }, async ({ req, rt }) => {
  const rendered = await readSummaryBody(rt.db.prisma, pageInfoOf(rt.env));
  return cachedResponse(req, rendered, "application/json; charset=utf-8");
});
