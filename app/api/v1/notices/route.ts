import { z } from "zod";
import { withRoute } from "@/lib/http/with-route";
import { createNotice, listNotices, scheduleMaintenance, ZListNoticesInput, ZNoticeView, type TCreateNoticeInput, type TScheduleMaintenanceInput } from "@/lib/status";

// GET /api/v1/notices - ?filter=drafts | active | past | all (default) (read)
export const GET = withRoute({ route: "/api/v1/notices", permission: "read", query: ZListNoticesInput }, async ({ ctx, query }) => {
  const notices = await listNotices({ ctx, input: query });
  return Response.json({ notices: ZNoticeView.array().parse(notices) });
});

// The kind picks the schema; each service validates its own fields with field-level issues.
const ZBody = z.looseObject({ kind: z.string({ error: "kind must be incident, sla_downgrade or maintenance" }) });

// POST /api/v1/notices - a draft incident or SLA-downgrade notice, or { kind: "maintenance", ... } scheduled (operate)
export const POST = withRoute({ route: "/api/v1/notices", permission: "operate", body: ZBody }, async ({ ctx, body }) => {
  const notice =
    body.kind === "maintenance"
      ? await scheduleMaintenance({ ctx, input: (({ kind: _k, ...rest }) => rest)(body) as TScheduleMaintenanceInput })
      : await createNotice({ ctx, input: body as TCreateNoticeInput });
  return Response.json({ notice: ZNoticeView.parse(notice) }, { status: 201 });
});
