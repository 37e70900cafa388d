import { describe, expect, it } from "vitest";
import { componentLevels, worstLevel, type TLevelNotice } from "@/lib/status/levels";

const NOW = new Date("2026-11-23T12:00:00Z");
const HOUR = 3_600_000;
const at = (offsetMs: number) => new Date(NOW.getTime() + offsetMs);
const COMPONENTS = [{ id: "api" }, { id: "cache" }];

function incident(over: Partial<TLevelNotice> = {}, level = "partial_outage", componentId = "api"): TLevelNotice {
  return { kind: "sla_downgrade", state: "published", status: "investigating", components: [{ componentId, level }], ...over };
}

function maintenance(over: Partial<TLevelNotice> = {}, componentId = "api"): TLevelNotice {
  return { kind: "maintenance", state: "published", status: "in_progress", scheduledFor: at(-HOUR), scheduledUntil: at(HOUR), components: [{ componentId, level: "under_maintenance" }], ...over };
}

describe("worstLevel", () => {
  it.each([
    [[], "operational"],
    [["degraded_performance", "major_outage", "partial_outage"], "major_outage"],
    [["under_maintenance", "degraded_performance"], "degraded_performance"],
    [["under_maintenance", "operational"], "under_maintenance"],
  ] as const)("%j → %s", (levels, expected) => {
    expect(worstLevel(levels)).toBe(expected);
  });
});

describe("componentLevels", () => {
  const cases: [string, TLevelNotice[], Record<string, string>][] = [
    ["no notices: all operational", [], { api: "operational", cache: "operational" }],
    ["a published incident sets its level", [incident()], { api: "partial_outage", cache: "operational" }],
    ["a draft says nothing", [incident({ state: "draft" })], { api: "operational", cache: "operational" }],
    ["a discarded notice says nothing", [incident({ state: "discarded" })], { api: "operational", cache: "operational" }],
    ["a resolved incident says nothing", [incident({ status: "resolved" })], { api: "operational", cache: "operational" }],
    ["worst of two incidents wins", [incident({}, "degraded_performance"), incident({}, "major_outage")], { api: "major_outage", cache: "operational" }],
    ["maintenance in progress", [maintenance()], { api: "under_maintenance", cache: "operational" }],
    ["maintenance verifying still counts", [maintenance({ status: "verifying" })], { api: "under_maintenance", cache: "operational" }],
    ["maintenance scheduled later says nothing", [maintenance({ status: "scheduled", scheduledFor: at(HOUR), scheduledUntil: at(2 * HOUR) })], { api: "operational", cache: "operational" }],
    ["scheduled maintenance whose window began counts", [maintenance({ status: "scheduled" })], { api: "under_maintenance", cache: "operational" }],
    ["completed maintenance says nothing", [maintenance({ status: "completed" })], { api: "operational", cache: "operational" }],
    ["an incident during maintenance shows the incident", [maintenance(), incident({}, "degraded_performance")], { api: "degraded_performance", cache: "operational" }],
    ["a notice on an unknown component is ignored", [incident({}, "major_outage", "gone")], { api: "operational", cache: "operational" }],
  ];
  it.each(cases)("%s", (_name, notices, expected) => {
    expect(Object.fromEntries(componentLevels(COMPONENTS, notices, NOW))).toEqual(expected);
  });
});
