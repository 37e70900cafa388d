import { describe, expect, it } from "vitest";
import { ConflictError, ForbiddenError } from "@/lib/errors";
import { approvalOutcome, canApply, MITIGATION_EVENTS, MITIGATION_STATES, nextState, SETTLED_STATES, type TMitigationEvent, type TMitigationState } from "@/lib/mitigation/state";

// Every (state, event) pair: the allowed ones and where they lead; everything else is a conflict.
const ALLOWED: [TMitigationState, TMitigationEvent, TMitigationState][] = [
  ["proposed", "approve", "approved"],
  ["proposed", "reject", "rejected"],
  ["proposed", "expire", "expired"],
  ["approved", "reject", "rejected"],
  ["approved", "expire", "expired"],
  ["approved", "reconsider", "proposed"],
  ["approved", "start", "executing"],
  ["approved", "fail", "failed"],
  ["executing", "cutover", "verifying"],
  ["executing", "fail", "failed"],
  ["executing", "rollback", "rolling-back"],
  ["verifying", "verified", "done"],
  ["verifying", "fail", "failed"],
  ["verifying", "rollback", "rolling-back"],
  ["done", "rollback", "rolling-back"],
  ["failed", "rollback", "rolling-back"],
  ["rolling-back", "rolled-back", "rolled-back"],
  ["rolling-back", "rollback-failed", "failed"],
];

describe("mitigation state machine", () => {
  it.each(ALLOWED)("%s --%s--> %s", (from, event, to) => {
    expect(canApply(from, event)).toBe(true);
    expect(nextState(from, event)).toBe(to);
  });

  it("refuses every other pair with a conflict that names the state", () => {
    const allowed = new Set(ALLOWED.map(([s, e]) => `${s}/${e}`));
    let refused = 0;
    for (const s of MITIGATION_STATES)
      for (const e of MITIGATION_EVENTS) {
        if (allowed.has(`${s}/${e}`)) continue;
        expect(canApply(s, e)).toBe(false);
        expect(() => nextState(s, e)).toThrow(ConflictError);
        expect(() => nextState(s, e)).toThrow(new RegExp(`^A ${s} mitigation cannot be`));
        refused++;
      }
    expect(refused).toBe(MITIGATION_STATES.length * MITIGATION_EVENTS.length - ALLOWED.length);
  });

  it("leaves rejected, expired and rolled-back for good; done and failed only by rollback", () => {
    for (const s of SETTLED_STATES) {
      const out = MITIGATION_EVENTS.filter((e) => canApply(s, e));
      expect(out).toEqual(s === "done" || s === "failed" ? ["rollback"] : []);
    }
  });
});

describe("approvals", () => {
  const op = (userId: string) => ({ userId, role: "operator" as const });

  it("one approval is enough unless the action asks for a second person", () => {
    expect(approvalOutcome({ state: "proposed", required: 1, votes: [], by: op("a") })).toBe("approved");
    expect(approvalOutcome({ state: "proposed", required: 2, votes: [], by: op("a") })).toBe("recorded");
    expect(approvalOutcome({ state: "proposed", required: 2, votes: [{ userId: "a" }], by: op("b") })).toBe("approved");
  });

  it("the second approver must be a different person", () => {
    expect(() => approvalOutcome({ state: "proposed", required: 2, votes: [{ userId: "a" }], by: op("a") })).toThrow(/different person/);
  });

  it("viewers cannot approve; nothing but a proposal can be approved", () => {
    expect(() => approvalOutcome({ state: "proposed", required: 1, votes: [], by: { userId: "v", role: "viewer" } })).toThrow(ForbiddenError);
    expect(() => approvalOutcome({ state: "approved", required: 1, votes: [], by: op("a") })).toThrow(ConflictError);
    expect(() => approvalOutcome({ state: "expired", required: 1, votes: [], by: op("a") })).toThrow(/expired mitigation cannot be approved/);
  });
});
