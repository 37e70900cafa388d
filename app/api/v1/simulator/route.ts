import { withRoute } from "@/lib/http/with-route";
import { simulatorStatus, updateSimulator, ZSimStatus, ZUpdateSimulatorInput } from "@/lib/sim";

// GET /api/v1/simulator - what the built-in simulator is running: scenario, events, operations (read)
export const GET = withRoute({ route: "/api/v1/simulator", permission: "read" }, ({ rt }) => {
  return Promise.resolve(Response.json(ZSimStatus.parse(simulatorStatus(rt.sim, rt.env.SHARDWATCH_SIM_INTERVAL_SECONDS))));
});

// PUT /api/v1/simulator - start, stop, switch scenario or speed (operate)
export const PUT = withRoute({ route: "/api/v1/simulator", permission: "operate", body: ZUpdateSimulatorInput }, async ({ ctx, rt, body }) => {
  await updateSimulator({ ctx, runner: rt.sim, input: body });
  return Response.json(ZSimStatus.parse(simulatorStatus(rt.sim, rt.env.SHARDWATCH_SIM_INTERVAL_SECONDS)));
});
