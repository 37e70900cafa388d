import { withRoute } from "@/lib/http/with-route";
import { summarizeScenario, ZScenarioSummary } from "@/lib/sim";

// GET /api/v1/simulator/scenarios - the scenarios this server ships, with their events (read)
export const GET = withRoute({ route: "/api/v1/simulator/scenarios", permission: "read" }, ({ rt }) => {
  const scenarios = (rt.sim?.scenarios ?? []).map(summarizeScenario);
  return Promise.resolve(Response.json({ scenarios: ZScenarioSummary.array().parse(scenarios) }));
});
