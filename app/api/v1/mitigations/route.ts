import { z } from "zod";
import { withRoute } from "@/lib/http/with-route";
import { listMitigations, ZListMitigationsInput, ZMitigationView } from "@/lib/mitigation";

// GET /api/v1/mitigations - proposals and operations, newest first; ?state= (repeatable), cluster, alertId, limit (read)
export const GET = withRoute({ route: "/api/v1/mitigations", permission: "read", query: ZListMitigationsInput }, async ({ ctx, query }) => {
  const mitigations = await listMitigations({ ctx, input: query });
  return Response.json(z.object({ mitigations: ZMitigationView.array() }).parse({ mitigations }));
});
