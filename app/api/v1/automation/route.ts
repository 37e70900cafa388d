import { z } from "zod";
import { withRoute } from "@/lib/http/with-route";
import { readAutomation, resumeAutomation, ZAutomationView } from "@/lib/mitigation/automation";

// GET /api/v1/automation - whether mitigation automation runs or is paused by the circuit breaker (read)
export const GET = withRoute({ route: "/api/v1/automation", permission: "read" }, async ({ ctx }) => {
  return Response.json({ automation: ZAutomationView.parse(await readAutomation({ ctx })) });
});

// POST /api/v1/automation - { "action": "resume" } after the breaker paused it (admin)
export const POST = withRoute({ route: "/api/v1/automation", permission: "admin", body: z.object({ action: z.literal("resume", { error: 'action must be "resume"' }) }) }, async ({ ctx }) => {
  return Response.json({ automation: ZAutomationView.parse(await resumeAutomation({ ctx })) });
});
