import { NotFoundError } from "@/lib/errors";
import { withRoute } from "@/lib/http/with-route";
import { approveMitigation, getMitigation, rejectMitigation, ZDecisionInput, ZMitigationView } from "@/lib/mitigation";
import { rollbackMitigation } from "@/lib/mitigation/rollback-mitigation";

// GET /api/v1/mitigations/:id - one mitigation with its plan, approvals, progress and verification (read)
export const GET = withRoute({ route: "/api/v1/mitigations/:id", permission: "read" }, async ({ ctx, params }) => {
  const mitigation = await getMitigation({ ctx, input: { id: params.id ?? "" } });
  return Response.json({ mitigation: ZMitigationView.parse(mitigation) });
});

const ACTIONS = { approve: approveMitigation, reject: rejectMitigation, rollback: rollbackMitigation } as const;

// POST /api/v1/mitigations/:id:approve | :reject | :rollback - a person decides; body { comment?, version? } (operate)
export const POST = withRoute({ route: "/api/v1/mitigations/:id:action", permission: "operate", body: ZDecisionInput }, async ({ ctx, params, body }) => {
  const m = /^(.+):(approve|reject|rollback)$/.exec(params.id ?? "");
  if (!m) throw new NotFoundError("POST /api/v1/mitigations/{id}:approve, :reject or :rollback");
  const mitigation = await ACTIONS[m[2] as keyof typeof ACTIONS]({ ctx, input: { ...body, id: m[1]! } });
  return Response.json({ mitigation: ZMitigationView.parse(mitigation) });
});
