import { describe, expect, it } from "vitest";
import { ZListAlertsInput } from "@/lib/detection/alerts/schemas";
import { ZUpdateRuleInput } from "@/lib/detection/rules/schemas";
import { ZRuleInput } from "@/lib/detection/rules/schema";
import { fromZodError, toErrorResponse } from "@/lib/errors";

// The schemas the routes hand to withRoute: query strings arrive as strings (or arrays when repeated).

describe("GET /api/v1/alerts query", () => {
  it.each<[string, Record<string, string | string[]>, object]>([
    ["nothing", {}, { limit: 200 }],
    ["a repeated state", { state: ["pending", "firing"] }, { state: ["pending", "firing"] }],
    ["a comma-separated state", { state: "pending,resolved" }, { state: ["pending", "resolved"] }],
    ["cluster, since and limit", { cluster: "orders", since: "1763812800000", limit: "5" }, { cluster: "orders", since: 1763812800000, limit: 5 }],
  ])("accepts %s", (_name, query, expected) => {
    expect(ZListAlertsInput.parse(query)).toMatchObject(expected);
  });

  it("answers 422 naming the bad parameter", () => {
    const result = ZListAlertsInput.safeParse({ state: ["firing", "open"], limit: "5000" });
    const { status, body } = toErrorResponse(fromZodError(result.error!, "The query string"));
    expect(status).toBe(422);
    expect(body.error.issues).toEqual([
      { path: "state[1]", message: "state must be one of pending, firing, resolved" },
      { path: "limit", message: "at most 1000" },
    ]);
  });
});

describe("rule bodies", () => {
  it("answers 422 for POST with each bad field and what to change", () => {
    const result = ZRuleInput.safeParse({
      name: "lag",
      title: "Lag",
      kind: "replica-lag",
      params: { fireAboveSeconds: 10, clearBelowSeconds: 20 },
      for: "soon",
    });
    const { status, body } = toErrorResponse(fromZodError(result.error!, "The request body"));
    expect(status).toBe(422);
    expect(body.error.issues).toEqual(expect.arrayContaining([{ path: "for", message: expect.stringMatching(/duration such as "30s"/) as unknown }]));
  });

  it("reports the hysteresis problem of a PUT at params.clearBelowSeconds", () => {
    const result = ZUpdateRuleInput.safeParse({
      version: 2,
      name: "lag",
      title: "Lag",
      kind: "replica-lag",
      params: { fireAboveSeconds: 10, clearBelowSeconds: 20 },
    });
    expect(result.error?.issues.map((i) => [i.path.join("."), i.message])).toEqual([
      ["params.clearBelowSeconds", expect.stringMatching(/must be at most fireAboveSeconds \(10\)/)],
    ]);
  });

  it("separates the edited version from the definition", () => {
    const parsed = ZUpdateRuleInput.parse({ version: 3, id: "ignored", createdAt: 1, name: "lag", title: "Lag", kind: "replica-lag", params: {} });
    expect(parsed.version).toBe(3);
    expect(parsed.definition).toMatchObject({ name: "lag", params: { fireAboveSeconds: 30 } });
    expect(ZUpdateRuleInput.safeParse({ version: 0, name: "lag", title: "Lag", kind: "replica-lag" }).error?.issues[0]?.path).toEqual(["version"]);
  });
});
