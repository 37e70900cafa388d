import { listRuleVersions, ZRuleVersionView } from "@/lib/detection/rules";
import { withRoute } from "@/lib/http/with-route";

// GET /api/v1/rules/:id/versions - every saved definition of a rule, newest first (read)
export const GET = withRoute({ route: "/api/v1/rules/:id/versions", permission: "read" }, async ({ ctx, params }) => {
  const versions = await listRuleVersions({ ctx, input: { id: params.id ?? "" } });
  return Response.json({ versions: ZRuleVersionView.array().parse(versions) });
});
