import { withRoute } from "@/lib/http/with-route";
import { createComponent, listComponents, ZComponentView, ZCreateComponentInput } from "@/lib/status";

// GET /api/v1/status/components - every status component with its level and targets (read)
export const GET = withRoute({ route: "/api/v1/status/components", permission: "read" }, async ({ ctx }) => {
  const components = await listComponents({ ctx });
  return Response.json({ components: ZComponentView.array().parse(components) });
});

// POST /api/v1/status/components - a component mapped to clusters, shards or cache nodes (admin)
export const POST = withRoute({ route: "/api/v1/status/components", permission: "admin", body: ZCreateComponentInput }, async ({ ctx, body }) => {
  const component = await createComponent({ ctx, input: body });
  return Response.json({ component: ZComponentView.parse(component) }, { status: 201 });
});
