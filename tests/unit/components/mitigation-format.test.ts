import { describe, expect, it } from "vitest";
import {
  excerpt,
  formatEta,
  formatExpiresIn,
  formatSeconds,
  parseTab,
  percent,
  runningLabel,
  TAB_STATES,
  tabOf,
  verificationOf,
} from "@/components/mitigations/format";
import { MITIGATION_STATES } from "@/lib/mitigation/state";

const NOW = 1_700_000_000_000;

describe("mitigation wording", () => {
  it.each([
    [null, "ETA unknown"],
    [NOW - 5_000, "finishing"],
    [NOW + 500, "finishing"],
    [NOW + 45_000, "about 45 s left"],
    [NOW + 125_000, "about 2 min 05 s left"],
    [NOW + 3 * 3600_000 + 600_000, "about 3 h 10 min left"],
  ])("ETA at %s reads %j", (etaAt, text) => {
    expect(formatEta(etaAt, NOW)).toBe(text);
  });

  it.each([
    [NOW - 1, "expiring now"],
    [NOW + 30_000, "in under a minute"],
    [NOW + 29 * 60_000 + 59_000, "in 29 min"],
    [NOW + 90 * 60_000, "in 1 h 30 min"],
  ])("expiry at %s reads %j", (at, text) => {
    expect(formatExpiresIn(at, NOW)).toBe(text);
  });

  it.each([
    [0, "0 s"],
    [59.6, "1 min 00 s"],
    [67, "1 min 07 s"],
  ])("%s seconds read %j", (s, text) => expect(formatSeconds(s)).toBe(text));

  it.each([
    [null, 0],
    [Number.NaN, 0],
    [-0.2, 0],
    [0.333, 33],
    [1.4, 100],
  ])("progress %s is %s%%", (p, pct) => expect(percent(p)).toBe(pct));

  it("labels what a running mitigation does", () => {
    expect(runningLabel({ state: "approved", progress: null, note: "Waiting: 1 operation already running on orders" })).toBe("Waiting to start");
    expect(runningLabel({ state: "approved", progress: null, note: null })).toBe("Starting");
    const p = { progress: 0.4, message: "copied 16 GB", etaAt: null, updatedAt: NOW };
    expect(runningLabel({ state: "executing", progress: { ...p, phase: "copying" }, note: null })).toBe("Copying data");
    expect(runningLabel({ state: "executing", progress: { ...p, phase: "catching-up" }, note: null })).toBe("Catching up writes");
    expect(runningLabel({ state: "verifying", progress: { ...p, phase: "done" }, note: null })).toBe("Measuring the effect");
    expect(runningLabel({ state: "rolling-back", progress: { ...p, phase: "copying" }, note: null })).toBe("Rolling back: copying data");
  });

  it("puts every state in exactly one tab, and reads the tab from the address", () => {
    for (const s of MITIGATION_STATES) expect(Object.values(TAB_STATES).filter((states) => states.includes(s))).toHaveLength(1);
    expect(tabOf("verifying")).toBe("running");
    expect(tabOf("expired")).toBe("history");
    expect(parseTab("running")).toBe("running");
    expect(parseTab(["history", "running"])).toBe("proposed");
    expect(parseTab("bogus")).toBe("proposed");
    expect(parseTab(undefined)).toBe("proposed");
  });

  it("cuts a long rationale on a word, and keeps a short one whole", () => {
    expect(excerpt("short one.")).toBe("short one.");
    const long = "s-20 takes 6,000 req/s, 4.0× its fair share, spread over many keys (18% reads): splitting the range at its load median puts half of it on another node.";
    const cut = excerpt(long, 80);
    expect(cut.length).toBeLessThanOrEqual(81);
    expect(cut.endsWith("…")).toBe(true);
    expect(long.startsWith(cut.slice(0, -1))).toBe(true);
    expect(cut).not.toMatch(/[,:] ?…$/);
  });

  it("tells a judged verification from the marker written at cutover", () => {
    expect(verificationOf({ pendingSince: NOW })).toBeNull();
    expect(verificationOf(null)).toBeNull();
    const v = { outcome: "improved", checks: [], failedRequests: 0, summary: "Worked" };
    expect(verificationOf(v)).toEqual(v);
  });
});
