import { withRoute } from "@/lib/http/with-route";
import { addNoticeUpdate, ZAddNoticeUpdateInput, ZNoticeView } from "@/lib/status";

// POST /api/v1/notices/:id/updates - the next timeline entry { status, body }; resolved ends it (operate)
export const POST = withRoute({ route: "/api/v1/notices/:id/updates", permission: "operate", body: ZAddNoticeUpdateInput }, async ({ ctx, params, body, rt }) => {
  const notice = await addNoticeUpdate({ ctx, input: { ...body, id: params.id ?? "" }, emit: rt.status.emit });
  return Response.json({ notice: ZNoticeView.parse(notice) }, { status: 201 });
});
