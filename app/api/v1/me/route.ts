import { withRoute } from "@/lib/http/with-route";

// GET /api/v1/me - who the caller is (user with role, or token with scopes)
export const GET = withRoute({ route: "/api/v1/me", permission: "read" }, async ({ actor }) => Response.json({ actor }));
