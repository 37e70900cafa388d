import { withRoute } from "@/lib/http/with-route";
import { createToken, listTokens, ZCreatedToken, ZCreateTokenInput, ZToken } from "@/lib/tokens";

// GET /api/v1/tokens - list API tokens (admin)
export const GET = withRoute({ route: "/api/v1/tokens", permission: "admin" }, async ({ ctx }) => {
  const tokens = await listTokens({ ctx });
  return Response.json({ tokens: ZToken.array().parse(tokens) });
});

// POST /api/v1/tokens - create an API token; the secret is in this answer only (admin)
export const POST = withRoute({ route: "/api/v1/tokens", permission: "admin", body: ZCreateTokenInput }, async ({ ctx, body }) => {
  const token = await createToken({ ctx, input: body });
  return Response.json({ token: ZCreatedToken.parse(token) }, { status: 201 });
});
