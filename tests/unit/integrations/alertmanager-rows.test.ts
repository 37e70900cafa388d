import { describe, expect, it } from "vitest";
import { externalAlertId, toAlertRow, ZAlertmanagerPayload } from "@/lib/integrations/alertmanager";

const NOW = Date.UTC(2026, 10, 23, 19);
const base = {
  status: "firing" as const,
  labels: { alertname: "RedisDown", instance: "c-2:9121" },
  annotations: {},
  startsAt: "2026-11-23T18:00:00Z",
  endsAt: "0001-01-01T00:00:00Z",
  fingerprint: "abc",
};

describe("Alertmanager alert → alert row", () => {
  it.each([
    ["critical", "critical"],
    ["PAGE", "critical"],
    ["warning", "warning"],
    ["info", "info"],
    ["", "warning"],
    ["something-else", "warning"],
  ])("severity label %j becomes %s", (severity, want) => {
    expect(toAlertRow({ ...base, labels: { ...base.labels, severity } }, NOW).severity).toBe(want);
  });

  it("uses the cluster label, or 'external' without one", () => {
    expect(toAlertRow({ ...base, labels: { ...base.labels, cluster: "sessions" } }, NOW).cluster).toBe("sessions");
    expect(toAlertRow(base, NOW).cluster).toBe("external");
  });

  it("keeps the value unknown unless an annotation gives a number", () => {
    expect(toAlertRow(base, NOW).value).toBeNaN();
    expect(toAlertRow({ ...base, annotations: { value: "high" } }, NOW).value).toBeNaN();
    expect(toAlertRow({ ...base, annotations: { value: "0.93" } }, NOW).value).toBe(0.93);
  });

  it("treats Alertmanager's zero time as no end, and resolves at endsAt (never before onset)", () => {
    expect(toAlertRow(base, NOW).endsAt).toBeNull();
    const resolved = toAlertRow({ ...base, status: "resolved", endsAt: "2026-11-23T18:07:00Z" }, NOW);
    expect(resolved.resolvedAt).toBe(BigInt(Date.parse("2026-11-23T18:07:00Z")));
    expect(toAlertRow({ ...base, status: "resolved", endsAt: "2026-11-23T17:00:00Z" }, NOW).resolvedAt).toBe(BigInt(Date.parse(base.startsAt)));
    expect(toAlertRow({ ...base, status: "resolved", endsAt: "0001-01-01T00:00:00Z" }, NOW).resolvedAt).toBe(BigInt(NOW));
  });

  it("names one alert instance by fingerprint and start, whatever else changes", () => {
    const start = Date.parse(base.startsAt);
    expect(toAlertRow(base, NOW).id).toBe(externalAlertId("abc", start));
    expect(toAlertRow({ ...base, annotations: { summary: "x" } }, NOW + 1).id).toBe(externalAlertId("abc", start));
    expect(externalAlertId("abc", start + 1)).not.toBe(externalAlertId("abc", start));
  });

  it("summary falls back from summary to description to the alert name", () => {
    expect(toAlertRow({ ...base, annotations: { description: "down for 5m" } }, NOW).summary).toBe("down for 5m");
    expect(toAlertRow(base, NOW).summary).toBe("RedisDown");
  });

  it("the payload schema refuses a version other than 4 and more than 5000 alerts", () => {
    expect(ZAlertmanagerPayload.safeParse({ version: "4", alerts: [base] }).success).toBe(true);
    expect(ZAlertmanagerPayload.safeParse({ version: "3", alerts: [base] }).success).toBe(false);
    expect(ZAlertmanagerPayload.safeParse({ version: "4", alerts: Array.from({ length: 5001 }, () => base) }).success).toBe(false);
  });
});
