import { withRoute } from "@/lib/http/with-route";
import { createUser, listUsers, ZCreateUserInput, ZUserSummary } from "@/lib/users";

// GET /api/v1/users - list people and their roles (admin)
export const GET = withRoute({ route: "/api/v1/users", permission: "admin" }, async ({ ctx }) => {
  return Response.json({ users: ZUserSummary.array().parse(await listUsers({ ctx })) });
});

// POST /api/v1/users - add a person with a role and initial password (admin)
export const POST = withRoute({ route: "/api/v1/users", permission: "admin", body: ZCreateUserInput }, async ({ ctx, body }) => {
  const user = await createUser({ ctx, input: body });
  return Response.json({ user: ZUserSummary.parse(user) }, { status: 201 });
});
