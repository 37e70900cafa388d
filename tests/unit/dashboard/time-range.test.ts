import { describe, expect, it } from "vitest";
import { parseRangeSpec, rangeSearch, resolveRange, stepFor } from "@/lib/dashboard/time-range";

describe("time range in the URL", () => {
  it("defaults to a live hour", () => {
    expect(parseRangeSpec(new URLSearchParams(""))).toEqual({ kind: "preset", preset: "1h", live: true });
  });

  it("reads presets, pause and custom bounds (ISO or ms)", () => {
    expect(parseRangeSpec({ range: "6h", live: "0" })).toEqual({ kind: "preset", preset: "6h", live: false });
    const to = Date.UTC(2026, 10, 23, 11);
    expect(parseRangeSpec({ from: "2026-11-23T10:00:00Z", to: String(to) })).toEqual({ kind: "custom", from: Date.parse("2026-11-23T10:00:00Z"), to });
  });

  it("falls back to the default for unknown presets and inverted or oversized custom ranges", () => {
    expect(parseRangeSpec({ range: "3y" })).toMatchObject({ preset: "1h" });
    expect(parseRangeSpec({ from: "2026-11-23T10:00:00Z", to: "2026-11-23T09:00:00Z" })).toMatchObject({ kind: "preset" });
    expect(parseRangeSpec({ from: "2026-01-01T00:00:00Z", to: "2026-11-23T09:00:00Z" })).toMatchObject({ kind: "preset" });
    expect(parseRangeSpec({ from: "yesterday", to: "now" })).toMatchObject({ kind: "preset" });
  });

  it("round-trips through the URL and keeps other parameters", () => {
    const keep = new URLSearchParams("metric=p99Ms&range=15m");
    const s = rangeSearch({ kind: "preset", preset: "24h", live: false }, keep);
    expect(s).toBe("?metric=p99Ms&range=24h&live=0");
    expect(parseRangeSpec(new URLSearchParams(s))).toEqual({ kind: "preset", preset: "24h", live: false });
    const custom = { kind: "custom" as const, from: Date.UTC(2026, 10, 23, 9), to: Date.UTC(2026, 10, 23, 10) };
    expect(parseRangeSpec(new URLSearchParams(rangeSearch(custom)))).toEqual(custom);
    expect(rangeSearch({ kind: "preset", preset: "1h", live: true })).toBe("");
  });

  it("picks round steps that keep at most 360 buckets", () => {
    expect(stepFor(15 * 60_000)).toBe(5000);
    expect(stepFor(3_600_000)).toBe(10_000);
    expect(stepFor(6 * 3_600_000)).toBe(60_000);
    expect(stepFor(7 * 86_400_000)).toBe(1_800_000);
    for (const span of [15 * 60_000, 3_600_000, 86_400_000, 7 * 86_400_000, 31 * 86_400_000]) expect(span / stepFor(span)).toBeLessThanOrEqual(360);
  });

  it("aligns a live range to its step so buckets hold still between refreshes", () => {
    const r = resolveRange({ kind: "preset", preset: "1h", live: true }, Date.UTC(2026, 10, 23, 10, 0, 7));
    expect(r).toMatchObject({ to: Date.UTC(2026, 10, 23, 10, 0, 10), from: Date.UTC(2026, 10, 23, 9, 0, 10), step: 10_000, live: true });
  });
});
