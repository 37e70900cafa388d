import { getRule, updateRule, ZRuleView, ZUpdateRuleInput } from "@/lib/detection/rules";
import { withRoute } from "@/lib/http/with-route";

// GET /api/v1/rules/:id - one rule with its current version (read)
export const GET = withRoute({ route: "/api/v1/rules/:id", permission: "read" }, async ({ ctx, params }) => {
  const rule = await getRule({ ctx, input: { id: params.id ?? "" } });
  return Response.json({ rule: ZRuleView.parse(rule) });
});

// PUT /api/v1/rules/:id - replace the definition; with "version", 409 if someone saved since (operate)
export const PUT = withRoute({ route: "/api/v1/rules/:id", permission: "operate", body: ZUpdateRuleInput }, async ({ ctx, params, body }) => {
  const rule = await updateRule({ ctx, input: { id: params.id ?? "", ...body } });
  return Response.json({ rule: ZRuleView.parse(rule) });
});
