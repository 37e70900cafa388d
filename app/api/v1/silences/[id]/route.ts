import { expireSilence, getSilence, updateSilence, ZSilenceView, ZUpdateSilenceInput } from "@/lib/detection/silences";
import { withRoute } from "@/lib/http/with-route";

// GET /api/v1/silences/:id - one silence (read)
export const GET = withRoute({ route: "/api/v1/silences/:id", permission: "read" }, async ({ ctx, params }) => {
  const silence = await getSilence({ ctx, input: { id: params.id ?? "" } });
  return Response.json({ silence: ZSilenceView.parse(silence) });
});

// PUT /api/v1/silences/:id - replace a silence that has not expired (operate)
export const PUT = withRoute({ route: "/api/v1/silences/:id", permission: "operate", body: ZUpdateSilenceInput }, async ({ ctx, params, body }) => {
  const silence = await updateSilence({ ctx, input: { ...body, id: params.id ?? "" } });
  return Response.json({ silence: ZSilenceView.parse(silence) });
});

// DELETE /api/v1/silences/:id - expire a silence now; it stays listed as expired (operate)
export const DELETE = withRoute({ route: "/api/v1/silences/:id", permission: "operate" }, async ({ ctx, params }) => {
  const silence = await expireSilence({ ctx, input: { id: params.id ?? "" } });
  return Response.json({ silence: ZSilenceView.parse(silence) });
});
