import { NotFoundError } from "@/lib/errors";
import { withPublicRoute } from "@/lib/http/with-route";
import { confirmStatusSubscriber, unsubscribeStatusSubscriber, ZTokenInput } from "@/lib/webhooks";

// POST /api/v1/status/subscribers/:id:confirm | :unsubscribe - body { token } from the confirm event (public)
export const POST = withPublicRoute({ route: "/api/v1/status/subscribers/:id:action", body: ZTokenInput, maxBodyBytes: 4096 }, async ({ params, body, rt }) => {
  const m = /^(.+):(confirm|unsubscribe)$/.exec(params.action ?? "");
  if (!m) throw new NotFoundError("POST /api/v1/status/subscribers/{id}:confirm or :unsubscribe");
  const input = { id: m[1]!, token: body.token };
  const ctx = { db: rt.db.prisma };
  const subscriber = m[2] === "confirm" ? await confirmStatusSubscriber({ ctx, input }) : await unsubscribeStatusSubscriber({ ctx, input });
  return Response.json({ subscriber });
});
