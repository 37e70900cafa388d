import { z } from "zod";
import { withRoute } from "@/lib/http/with-route";
import { deleteUser, updateUserRole, ZRole, ZUserSummary } from "@/lib/users";

// PATCH /api/v1/users/:id - change a person's role (admin)
export const PATCH = withRoute(
  { route: "/api/v1/users/:id", permission: "admin", body: z.object({ role: ZRole }) },
  async ({ ctx, params, body }) => {
    const user = await updateUserRole({ ctx, input: { id: params.id ?? "", role: body.role } });
    return Response.json({ user: ZUserSummary.parse(user) });
  },
);

// DELETE /api/v1/users/:id - remove a person (admin)
export const DELETE = withRoute({ route: "/api/v1/users/:id", permission: "admin" }, async ({ ctx, params }) => {
  await deleteUser({ ctx, input: { id: params.id ?? "" } });
  return new Response(null, { status: 204 });
});
