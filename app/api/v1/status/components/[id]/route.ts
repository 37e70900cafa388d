import { withRoute } from "@/lib/http/with-route";
import { deleteComponent, updateComponent, ZComponentView, ZUpdateComponentInput } from "@/lib/status";

// PATCH /api/v1/status/components/:id - rename, reorder or remap a component (admin)
export const PATCH = withRoute({ route: "/api/v1/status/components/:id", permission: "admin", body: ZUpdateComponentInput }, async ({ ctx, params, body }) => {
  const component = await updateComponent({ ctx, input: { ...body, id: params.id ?? "" } });
  return Response.json({ component: ZComponentView.parse(component) });
});

// DELETE /api/v1/status/components/:id - remove a component from the page (admin)
export const DELETE = withRoute({ route: "/api/v1/status/components/:id", permission: "admin" }, async ({ ctx, params }) => {
  await deleteComponent({ ctx, input: { id: params.id ?? "" } });
  return new Response(null, { status: 204 });
});
