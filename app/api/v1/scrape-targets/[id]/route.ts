import { withRoute } from "@/lib/http/with-route";
import { deleteScrapeTarget, getScrapeConfig, updateScrapeTarget, ZScrapeTarget, ZUpdateScrapeTargetInput } from "@/lib/scrape";

// PATCH /api/v1/scrape-targets/:id - change settings, or enable/disable (operate)
export const PATCH = withRoute(
  { route: "/api/v1/scrape-targets/:id", permission: "operate", body: ZUpdateScrapeTargetInput },
  async ({ ctx, params, body }) => {
    const target = await updateScrapeTarget({ ctx, input: { ...body, id: params.id ?? "" }, guard: { policy: getScrapeConfig().policy } });
    return Response.json({ scrapeTarget: ZScrapeTarget.parse(target) });
  },
);

// DELETE /api/v1/scrape-targets/:id - remove a target (operate)
export const DELETE = withRoute({ route: "/api/v1/scrape-targets/:id", permission: "operate" }, async ({ ctx, params }) => {
  await deleteScrapeTarget({ ctx, input: { id: params.id ?? "" } });
  return new Response(null, { status: 204 });
});
