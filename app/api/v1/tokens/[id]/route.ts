import { withRoute } from "@/lib/http/with-route";
import { revokeToken, ZToken } from "@/lib/tokens";

// DELETE /api/v1/tokens/:id - revoke an API token (admin)
export const DELETE = withRoute({ route: "/api/v1/tokens/:id", permission: "admin" }, async ({ ctx, params }) => {
  const token = await revokeToken({ ctx, input: { id: params.id ?? "" } });
  return Response.json({ token: ZToken.parse(token) });
});
