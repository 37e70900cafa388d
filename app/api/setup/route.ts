import { withPublicRoute } from "@/lib/http/with-route";
import { completeSetup, ZCompleteSetupInput } from "@/lib/users/setup";

// POST /api/setup - redeem the one-time setup link printed at first start: creates the first admin
export const POST = withPublicRoute({ route: "/api/setup", body: ZCompleteSetupInput }, async ({ rt, body }) => {
  const user = await completeSetup({ db: rt.db.prisma, input: body });
  return Response.json({ user }, { status: 201 });
});
