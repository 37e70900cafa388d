import { withRoute } from "@/lib/http/with-route";
import { createScrapeTarget, getScrapeConfig, listScrapeTargets, ZCreateScrapeTargetInput, ZScrapeTarget } from "@/lib/scrape";

// GET /api/v1/scrape-targets - list scrape targets with their last outcome (read)
export const GET = withRoute({ route: "/api/v1/scrape-targets", permission: "read" }, async ({ ctx }) => {
  const targets = await listScrapeTargets({ ctx });
  return Response.json({ scrapeTargets: ZScrapeTarget.array().parse(targets) });
});

// POST /api/v1/scrape-targets - add a target; its URL must pass the outbound guard (operate)
export const POST = withRoute({ route: "/api/v1/scrape-targets", permission: "operate", body: ZCreateScrapeTargetInput }, async ({ ctx, body }) => {
  const target = await createScrapeTarget({ ctx, input: body, guard: { policy: getScrapeConfig().policy } });
  return Response.json({ scrapeTarget: ZScrapeTarget.parse(target) }, { status: 201 });
});
