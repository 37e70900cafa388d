import { describe, expect, it } from "vitest";
import { planDrafts, type TBreach, type TOpenNotice } from "@/lib/status/drafts/plan";
import { sloOf } from "@/lib/status/drafts/slo";

const T0 = Date.UTC(2026, 10, 23, 12, 4);
const P99 = sloOf({ kind: "shard-threshold", params: { metric: "p99Ms", fireAbove: 200, clearBelow: 150 } })!;
const API = { id: "c-api", name: "Orders API" };
const CACHE = { id: "c-cache", name: "Checkout cache" };

function breach(alertId: string, worst: number, components = [API], severity = "critical", since = T0): TBreach {
  return { alertId, severity, since, worst, slo: P99, components };
}
function open(over: Partial<TOpenNotice> = {}): TOpenNotice {
  return { id: "n-1", state: "draft", alertIds: ["a"], impact: "major", components: [{ componentId: "c-api", level: "partial_outage" }], sloImpact: "p99 up to 500 ms, target 200 ms", ...over };
}

describe("planDrafts", () => {
  it("one draft for several alerts on one component, figures from the worst, no internal names", () => {
    const [a, ...rest] = planDrafts([breach("a", 500), breach("b", 812, [API], "warning", T0 + 30_000)], []);
    expect(rest).toEqual([]);
    expect(a).toMatchObject({ type: "create", alertIds: ["a", "b"], incidentKey: `breach:c-api:${Math.floor(T0 / 60_000)}` });
    if (a?.type !== "create") throw new Error("expected a create");
    expect(a.fields).toMatchObject({ title: "Elevated latency on Orders API", impact: "major", sloImpact: "p99 up to 812 ms, target 200 ms", components: [{ componentId: "c-api", level: "partial_outage" }] });
    expect(a.fields.message).toContain("since 12:04 UTC");
  });

  it("separate components make separate drafts", () => {
    expect(planDrafts([breach("a", 500), breach("b", 300, [CACHE], "warning")], []).map((x) => x.type)).toEqual(["create", "create"]);
  });

  it("a new alert joins the open draft sharing a component; nothing changes when nothing is new", () => {
    expect(planDrafts([breach("a", 500)], [open()])).toEqual([]);
    const [x] = planDrafts([breach("a", 500), breach("b", 900, [API, CACHE], "warning")], [open()]);
    expect(x).toMatchObject({ type: "extend", id: "n-1", alertIds: ["b"], fields: { sloImpact: "p99 up to 900 ms, target 200 ms" } });
    if (x?.type !== "extend") throw new Error("expected an extend");
    expect(x.fields.components).toEqual([
      { componentId: "c-api", level: "partial_outage" },
      { componentId: "c-cache", level: "degraded_performance" },
    ]);
  });

  it("a published notice only records the alert", () => {
    expect(planDrafts([breach("b", 900)], [open({ state: "published" })])).toEqual([{ type: "attach", id: "n-1", alertIds: ["b"] }]);
  });
});
