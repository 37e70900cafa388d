import { createRule, listRules, ZCreateRuleInput, ZRuleView } from "@/lib/detection/rules";
import { withRoute } from "@/lib/http/with-route";

// GET /api/v1/rules - every detection rule, by name (read)
export const GET = withRoute({ route: "/api/v1/rules", permission: "read" }, async ({ ctx }) => {
  const rules = await listRules({ ctx });
  return Response.json({ rules: ZRuleView.array().parse(rules) });
});

// POST /api/v1/rules - create a rule at version 1 (operate)
export const POST = withRoute({ route: "/api/v1/rules", permission: "operate", body: ZCreateRuleInput }, async ({ ctx, body }) => {
  const rule = await createRule({ ctx, input: body });
  return Response.json({ rule: ZRuleView.parse(rule) }, { status: 201 });
});
