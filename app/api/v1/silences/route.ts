import { createSilence, listSilences, ZCreateSilenceInput, ZListSilencesInput, ZSilenceView } from "@/lib/detection/silences";
import { withRoute } from "@/lib/http/with-route";

// GET /api/v1/silences - ?state=active (default, includes scheduled) | expired | all (read)
export const GET = withRoute({ route: "/api/v1/silences", permission: "read", query: ZListSilencesInput }, async ({ ctx, query }) => {
  const silences = await listSilences({ ctx, input: query });
  return Response.json({ silences: ZSilenceView.array().parse(silences) });
});

// POST /api/v1/silences - silence matching alerts until endsAt or for a duration (operate)
export const POST = withRoute({ route: "/api/v1/silences", permission: "operate", body: ZCreateSilenceInput }, async ({ ctx, body }) => {
  const silence = await createSilence({ ctx, input: body });
  return Response.json({ silence: ZSilenceView.parse(silence) }, { status: 201 });
});
