import { withPublicRoute } from "@/lib/http/with-route";
import { cachedResponse, pageInfoOf, readFeedBody } from "@/lib/status/public/read";

// Rendered per request from the in-process cache, which a publish drops at once.
export const dynamic = "force-dynamic";

// GET /status/feed.atom - Atom 1.0 feed of published notice updates, newest first (no sign-in)
export const GET = withPublicRoute({ route: "/status/feed.atom" }, async ({ req, rt }) => {
  const rendered = await readFeedBody(rt.db.prisma, pageInfoOf(rt.env));
  return cachedResponse(req, rendered, "application/atom+xml; charset=utf-8");
});
