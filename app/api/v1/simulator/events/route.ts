import { z } from "zod";
import { withRoute } from "@/lib/http/with-route";
import { triggerSimEvent, ZTriggerEventInput } from "@/lib/sim";

const ZTriggered = z.object({ id: z.string(), description: z.string(), startsAt: z.number() });

// POST /api/v1/simulator/events - start an incident now, e.g. a celebrity key or a node failure (operate)
export const POST = withRoute({ route: "/api/v1/simulator/events", permission: "operate", body: ZTriggerEventInput }, async ({ ctx, rt, body }) => {
  const started = await triggerSimEvent({ ctx, runner: rt.sim, input: body });
  return Response.json({ event: ZTriggered.parse(started) }, { status: 201 });
});
