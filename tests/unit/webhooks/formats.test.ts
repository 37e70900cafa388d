import { describe, expect, it } from "vitest";
import { formatEvent } from "@/lib/webhooks/formats";
import { ZCreateWebhookInput } from "@/lib/webhooks/schemas";

const AT = new Date("2026-11-23T10:00:00.000Z");
const ALERT = { id: "01J0ALERT", rule: "hot-shard", severity: "critical", summary: "s-07 at 4x its share of traffic", labels: { cluster: "orders", shard: "s-07", node: "db-3" } };
const ev = (type: Parameters<typeof formatEvent>[1]["type"], payload: unknown = ALERT) => ({ id: "msg_1", type, payload, occurredAt: AT });
const parse = (s: string) => JSON.parse(s) as Record<string, unknown>;

describe("webhook formats", () => {
  it("generic JSON is the { type, timestamp, data } envelope", () => {
    const out = formatEvent("json", ev("alert.firing"));
    expect(out.contentType).toBe("application/json");
    expect(parse(out.body)).toEqual({ type: "alert.firing", timestamp: "2026-11-23T10:00:00.000Z", data: ALERT });
  });

  it("Slack gets a readable text with the target and escaped control characters", () => {
    const body = parse(formatEvent("slack", ev("alert.firing", { ...ALERT, summary: "a <b> & c" })).body) as { text: string; blocks: { type: string }[] };
    expect(body.text).toBe(":rotating_light: Alert firing: a &lt;b&gt; &amp; c [critical]");
    expect(body.blocks.map((b) => b.type)).toEqual(["section", "context"]);
    expect(JSON.stringify(body.blocks[1])).toContain("cluster=orders shard=s-07 node=db-3");
  });

  it("PagerDuty: firing triggers and resolved resolves the same dedup_key", () => {
    const trigger = parse(formatEvent("pagerduty", ev("alert.firing"), { routingKey: "R".repeat(32) }).body);
    expect(trigger).toMatchObject({
      routing_key: "R".repeat(32),
      event_action: "trigger",
      dedup_key: "shardwatch-alert-01J0ALERT",
      payload: { summary: "Alert firing: s-07 at 4x its share of traffic", source: "db-3", severity: "critical", timestamp: "2026-11-23T10:00:00.000Z", custom_details: ALERT },
    });
    const resolve = parse(formatEvent("pagerduty", ev("alert.resolved"), { routingKey: "R".repeat(32) }).body);
    expect(resolve).toEqual({ routing_key: "R".repeat(32), event_action: "resolve", dedup_key: "shardwatch-alert-01J0ALERT" });
  });

  it.each([
    ["critical", "critical"],
    ["warning", "warning"],
    ["info", "info"],
    ["page", "error"],
    [undefined, "error"],
  ])("PagerDuty severity %s becomes %s", (severity, expected) => {
    const body = parse(formatEvent("pagerduty", ev("alert.firing", { ...ALERT, severity }), { routingKey: "k" }).body) as { payload: { severity: string } };
    expect(body.payload.severity).toBe(expected);
  });

  it("a payload of an unexpected shape still formats", () => {
    expect(() => formatEvent("slack", ev("notice.published", "just text"))).not.toThrow();
    expect(parse(formatEvent("slack", ev("notice.published", { title: "Orders API degraded", status: "investigating" })).body).text).toContain("Status notice published: Orders API degraded");
  });

  it("PagerDuty endpoints take only alert events and need a routing key", () => {
    const bad = ZCreateWebhookInput.safeParse({ name: "pd", url: "https://events.pagerduty.com/v2/enqueue", format: "pagerduty", eventTypes: ["alert.firing", "notice.published"] });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues.map((i) => [i.path.join("."), i.message])).toEqual([
      ["eventTypes", "PagerDuty endpoints take only alert.firing and alert.resolved (not notice.published)"],
      ["routingKey", "PagerDuty needs the integration's routing key"],
    ]);
  });
});
