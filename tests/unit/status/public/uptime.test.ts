import { describe, expect, it } from "vitest";
import { computeUptime, DAY_MS, noticeSpan } from "@/lib/status/public/uptime";
import { uptimeDayLabel, formatDuration, formatUptime } from "@/lib/status/public/format";

const NOW = Date.parse("2026-11-23T12:00:00Z");
const TODAY = Date.parse("2026-11-23T00:00:00Z");
const H = 3_600_000;
const at = (iso: string) => Date.parse(iso);

describe("computeUptime", () => {
  it("has 90 days ending today, all up with nothing published", () => {
    const u = computeUptime({ now: NOW, intervals: [] });
    expect(u.days).toHaveLength(90);
    expect(u.days[89]!.date).toBe("2026-11-23");
    expect(u.days[0]!.date).toBe("2026-08-26");
    expect(u.uptime).toBe(1);
    expect(u.days.every((d) => d.level === "operational" && d.uptime === 1)).toBe(true);
  });

  it("weights a partial outage 0.3 and a major outage 1, degraded and maintenance 0", () => {
    const u = computeUptime({
      now: NOW,
      intervals: [
        { level: "partial_outage", start: at("2026-11-12T10:00:00Z"), end: at("2026-11-12T20:00:00Z") },
        { level: "major_outage", start: at("2026-11-13T00:00:00Z"), end: at("2026-11-13T06:00:00Z") },
        { level: "degraded_performance", start: at("2026-11-14T00:00:00Z"), end: at("2026-11-14T12:00:00Z") },
        { level: "under_maintenance", start: at("2026-11-15T00:00:00Z"), end: at("2026-11-15T02:00:00Z") },
      ],
    });
    const day = (date: string) => u.days.find((d) => d.date === date)!;
    expect(day("2026-11-12")).toMatchObject({ level: "partial_outage", ms: { partial_outage: 10 * H } });
    expect(day("2026-11-12").uptime).toBeCloseTo(1 - (0.3 * 10) / 24);
    expect(day("2026-11-13")).toMatchObject({ level: "major_outage", uptime: 0.75 });
    expect(day("2026-11-14")).toMatchObject({ level: "degraded_performance", uptime: 1 });
    expect(day("2026-11-15")).toMatchObject({ level: "under_maintenance", uptime: 1 });
    const span = 89 * DAY_MS + 12 * H;
    expect(u.uptime).toBeCloseTo(1 - (3 * H + 6 * H) / span, 10);
  });

  it("counts overlapping notices once, at the worse level", () => {
    const u = computeUptime({
      now: NOW,
      intervals: [
        { level: "partial_outage", start: at("2026-11-20T01:00:00Z"), end: at("2026-11-20T05:00:00Z") },
        { level: "major_outage", start: at("2026-11-20T02:00:00Z"), end: at("2026-11-20T03:00:00Z") },
      ],
    });
    const d = u.days.find((x) => x.date === "2026-11-20")!;
    expect(d.ms).toEqual({ partial_outage: 3 * H, major_outage: 1 * H });
    expect(d.uptime).toBeCloseTo(1 - (0.3 * 3 + 1) / 24);
  });

  it("splits an outage across midnight and clips an open one at now", () => {
    const u = computeUptime({ now: NOW, intervals: [{ level: "major_outage", start: at("2026-11-22T22:00:00Z"), end: NOW }] });
    expect(u.days[88]!.ms).toEqual({ major_outage: 2 * H });
    expect(u.days[89]!.ms).toEqual({ major_outage: 12 * H });
    expect(u.days[89]!.uptime).toBe(0); // today so far: down the whole elapsed half day
  });

  it("has no data before the component existed, and leaves those days out of the figure", () => {
    const u = computeUptime({ now: NOW, since: TODAY - DAY_MS + 12 * H, intervals: [{ level: "major_outage", start: TODAY, end: TODAY + 6 * H }] });
    expect(u.days.filter((d) => d.noData)).toHaveLength(88);
    expect(u.days[87]).toMatchObject({ noData: true, uptime: null });
    expect(u.uptime).toBeCloseTo(1 - 6 / 24);
  });

  it("ignores intervals outside the window", () => {
    const u = computeUptime({ now: NOW, intervals: [{ level: "major_outage", start: TODAY - 200 * DAY_MS, end: TODAY - 100 * DAY_MS }] });
    expect(u.uptime).toBe(1);
  });
});

describe("noticeSpan", () => {
  const base = { startedAt: at("2026-11-10T00:00:00Z"), resolvedAt: null, scheduledFor: null, scheduledUntil: null };
  it.each([
    ["open incident runs to now", { ...base, kind: "incident", status: "investigating" }, { start: base.startedAt, end: NOW }],
    [
      "resolved incident ends when resolved",
      { ...base, kind: "incident", status: "resolved", resolvedAt: at("2026-11-10T02:00:00Z") },
      { start: base.startedAt, end: at("2026-11-10T02:00:00Z") },
    ],
    ["scheduled maintenance has not happened", { ...base, kind: "maintenance", status: "scheduled", scheduledFor: at("2026-11-24T00:00:00Z") }, null],
    [
      "maintenance in progress from its window",
      { ...base, kind: "maintenance", status: "in_progress", scheduledFor: at("2026-11-23T10:00:00Z") },
      { start: at("2026-11-23T10:00:00Z"), end: NOW },
    ],
    [
      "completed maintenance without resolvedAt ends with its window",
      { ...base, kind: "maintenance", status: "completed", scheduledFor: at("2026-11-20T10:00:00Z"), scheduledUntil: at("2026-11-20T11:00:00Z") },
      { start: at("2026-11-20T10:00:00Z"), end: at("2026-11-20T11:00:00Z") },
    ],
  ])("%s", (_name, notice, span) => {
    expect(noticeSpan(notice, NOW)).toEqual(span);
  });
});

describe("bar labels", () => {
  it("name the date, each level and its duration, worst first", () => {
    expect(
      uptimeDayLabel({
        date: "2026-11-12",
        level: "major_outage",
        noData: false,
        ms: { partial_outage: 130 * 60_000, major_outage: 20 * 60_000 },
        uptime: 0.9,
      }),
    ).toBe("12 Nov: major outage 20 min, partial outage 2 h 10 min");
    expect(uptimeDayLabel({ date: "2026-11-12", level: "partial_outage", noData: false, ms: { partial_outage: 130 * 60_000 }, uptime: 0.9 })).toBe(
      "12 Nov: partial outage 2 h 10 min",
    );
    expect(uptimeDayLabel({ date: "2026-01-02", level: "operational", noData: false, ms: {}, uptime: 1 })).toBe("2 Jan: no downtime");
    expect(uptimeDayLabel({ date: "2026-01-02", level: "operational", noData: true, ms: {}, uptime: null })).toBe("2 Jan: no data");
  });
  it.each([
    [20_000, "under 1 min"],
    [45 * 60_000, "45 min"],
    [2 * H, "2 h"],
    [2 * H + 10 * 60_000, "2 h 10 min"],
  ])("formatDuration(%i) = %s", (ms, text) => expect(formatDuration(ms)).toBe(text));
  it("never rounds a lossy figure up to 100%", () => {
    expect(formatUptime(0.99999)).toBe("99.99%");
    expect(formatUptime(1)).toBe("100.00%");
    expect(formatUptime(null)).toBe("no data");
  });
});
