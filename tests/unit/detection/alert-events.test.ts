import { describe, expect, it } from "vitest";
import { alertEvents } from "@/lib/detection/live/alert-events";
import type { TAlert, TTransitionType } from "@/lib/detection/engine/types";

const T0 = Date.UTC(2026, 10, 23, 12);
const alert: TAlert = {
  id: "a1",
  fingerprint: "fp",
  ruleId: "r1",
  ruleName: "hot-shard",
  severity: "critical",
  state: "firing",
  labels: { cluster: "orders", shard: "s-07", node: "db-3" },
  value: 0.41,
  summary: "orders/s-07 takes 41% of cluster qps",
  activeAt: T0,
  firedAt: T0 + 10_000,
  resolvedAt: null,
  lastEvalAt: T0 + 10_000,
  flapping: false,
  flapCount: 0,
};
const n = (type: TTransitionType, silenced = false) => ({ transition: { type, alert: { ...alert }, at: T0, notify: true }, silenced });

describe("alert events for webhooks", () => {
  it.each([
    [[n("firing")], ["alert.firing"]],
    [[n("resolved")], ["alert.resolved"]],
    [[n("pending"), n("cancelled"), n("updated")], []],
    [[n("firing", true), n("resolved", true)], []],
    [[n("firing"), n("resolved", true), n("resolved")], ["alert.firing", "alert.resolved"]],
  ])("%#: tells firing and resolved alerts that no silence matches", (batch, want) => {
    expect(alertEvents(batch).map((e) => e.type)).toEqual(want);
  });

  it("carries the alert in the API's shape", () => {
    const [e] = alertEvents([n("firing")]);
    expect(e!.alert).toMatchObject({ id: "a1", rule: "hot-shard", state: "firing", labels: { shard: "s-07" }, latencyMs: 10_000, source: "shardwatch" });
  });
});
