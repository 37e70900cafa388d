import { describe, expect, it } from "vitest";
import type { TLevel } from "@/lib/status/public/levels";
import { overallStatus, type TOverallInput } from "@/lib/status/public/overall";

const c = (...levels: TLevel[]) => levels.map((level) => ({ level }));
const incident = (impact: "none" | "minor" | "major" | "critical", status: "investigating" | "resolved" = "investigating") =>
  ({ kind: "incident", impact, status }) as const;
const maintenance = (status: "scheduled" | "in_progress" | "verifying" | "completed") => ({ kind: "maintenance", impact: "none", status }) as const;

const CASES: [string, TOverallInput, string, string][] = [
  ["nothing at all", { components: [], notices: [] }, "none", "All Systems Operational"],
  ["all operational", { components: c("operational", "operational"), notices: [] }, "none", "All Systems Operational"],
  ["one degraded", { components: c("operational", "degraded_performance"), notices: [] }, "minor", "Minor Service Outage"],
  ["one partial outage", { components: c("degraded_performance", "partial_outage"), notices: [] }, "major", "Partial System Outage"],
  ["one major outage wins", { components: c("partial_outage", "major_outage", "under_maintenance"), notices: [] }, "critical", "Major System Outage"],
  ["maintenance only", { components: c("operational", "under_maintenance"), notices: [] }, "maintenance", "Service Under Maintenance"],
  ["degraded beats maintenance", { components: c("under_maintenance", "degraded_performance"), notices: [] }, "minor", "Minor Service Outage"],
  ["open critical incident, components fine", { components: c("operational"), notices: [incident("critical")] }, "critical", "Major System Outage"],
  [
    "open major sla downgrade",
    { components: c("operational"), notices: [{ kind: "sla_downgrade", impact: "major", status: "identified" }] },
    "major",
    "Partial System Outage",
  ],
  ["resolved incident no longer counts", { components: c("operational"), notices: [incident("critical", "resolved")] }, "none", "All Systems Operational"],
  ["impact none incident", { components: c("operational"), notices: [incident("none")] }, "none", "All Systems Operational"],
  ["scheduled maintenance is not yet maintenance", { components: c("operational"), notices: [maintenance("scheduled")] }, "none", "All Systems Operational"],
  ["maintenance in progress", { components: c("operational"), notices: [maintenance("in_progress")] }, "maintenance", "Service Under Maintenance"],
  ["maintenance verifying", { components: c("operational"), notices: [maintenance("verifying")] }, "maintenance", "Service Under Maintenance"],
  ["completed maintenance", { components: c("operational"), notices: [maintenance("completed")] }, "none", "All Systems Operational"],
  ["component worse than incident impact", { components: c("major_outage"), notices: [incident("minor")] }, "critical", "Major System Outage"],
];

describe("overallStatus", () => {
  it.each(CASES)("%s", (_name, input, indicator, description) => {
    expect(overallStatus(input)).toEqual({ indicator, description });
  });
});
