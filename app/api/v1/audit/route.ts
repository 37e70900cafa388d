import { z } from "zod";
import { listAudit, ZAuditEntry, ZListAuditInput } from "@/lib/audit/list-audit";
import { withRoute } from "@/lib/http/with-route";

// GET /api/v1/audit - the append-only audit log, newest first (admin)
export const GET = withRoute({ route: "/api/v1/audit", permission: "admin", query: ZListAuditInput }, async ({ ctx, query }) => {
  const page = await listAudit({ ctx, input: query });
  return Response.json(z.object({ entries: ZAuditEntry.array(), nextBefore: z.string().nullable() }).parse(page));
});
