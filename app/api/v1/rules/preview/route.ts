import { previewRule, ZPreviewResult, ZPreviewRuleInput } from "@/lib/detection/backtest/preview";
import { withRoute } from "@/lib/http/with-route";

// POST /api/v1/rules/preview - what a draft rule would have fired over the last N hours of stored telemetry (read)
export const POST = withRoute({ route: "/api/v1/rules/preview", permission: "read", body: ZPreviewRuleInput }, async ({ ctx, body, rt }) => {
  const result = await previewRule({ ctx, input: body, sources: { sql: rt.db.sql, store: rt.telemetry.store } });
  return Response.json(ZPreviewResult.parse(result));
});
