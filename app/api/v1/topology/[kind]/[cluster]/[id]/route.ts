import { z } from "zod";
import { withRoute } from "@/lib/http/with-route";
import { describeEntity, KINDS, ZDescribeInput } from "@/lib/topology";

const ZParams = z.object({ kind: z.enum(KINDS), cluster: z.string().min(1), id: z.string().min(1) });

// PATCH /api/v1/topology/:kind/:cluster/:id - set a display name and description (operator)
export const PATCH = withRoute({ route: "/api/v1/topology/:kind/:cluster/:id", permission: "operate", body: ZDescribeInput }, async ({ ctx, params, body }) => {
  const target = ZParams.parse(params);
  return Response.json({ item: await describeEntity({ ctx, input: { ...target, ...body } }) });
});
