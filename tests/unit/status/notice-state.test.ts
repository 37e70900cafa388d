import { describe, expect, it } from "vitest";
import { assertStatusMove, canMoveState, canMoveStatus } from "@/lib/status/notice-state";

describe("canMoveStatus", () => {
  it.each([
    ["incident", "investigating", "identified", true],
    ["incident", "identified", "investigating", true],
    ["sla_downgrade", "investigating", "resolved", true],
    ["sla_downgrade", "monitoring", "monitoring", true],
    ["incident", "resolved", "monitoring", false],
    ["incident", "resolved", "resolved", false],
    ["incident", "investigating", "in_progress", false],
    ["maintenance", "scheduled", "in_progress", true],
    ["maintenance", "in_progress", "completed", true],
    ["maintenance", "verifying", "in_progress", false],
    ["maintenance", "completed", "verifying", false],
    ["maintenance", "scheduled", "resolved", false],
  ] as const)("%s %s → %s: %s", (kind, from, to, ok) => {
    expect(canMoveStatus(kind, from, to)).toBe(ok);
  });

  it("names the allowed statuses when refused", () => {
    expect(() => assertStatusMove("maintenance", "scheduled", "resolved")).toThrow(/scheduled, in_progress, verifying, completed/);
    expect(() => assertStatusMove("incident", "resolved", "monitoring")).toThrow(/resolved; open a new notice/);
  });
});

describe("canMoveState", () => {
  it.each([
    ["draft", "published", true],
    ["draft", "discarded", true],
    ["published", "draft", false],
    ["published", "discarded", false],
    ["discarded", "published", false],
    ["draft", "draft", false],
  ] as const)("%s → %s: %s", (from, to, ok) => {
    expect(canMoveState(from, to)).toBe(ok);
  });
});
