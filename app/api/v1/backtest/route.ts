import { backtest, BACKTEST_MAX_BYTES, ZBacktestInput, ZBacktestResult } from "@/lib/detection/backtest/backtest";
import { withRoute } from "@/lib/http/with-route";

// POST /api/v1/backtest - evaluate a trace in its own time with the configured (or given) rules; nothing is stored (read)
export const POST = withRoute(
  { route: "/api/v1/backtest", permission: "read", body: ZBacktestInput, maxBodyBytes: BACKTEST_MAX_BYTES },
  async ({ ctx, body }) => {
    const result = await backtest({ ctx, input: body });
    return Response.json(ZBacktestResult.parse(result));
  },
);
