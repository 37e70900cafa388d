import { ConflictError, ForbiddenError } from "@/lib/errors";

// The life of a mitigation proposal, as a table. Services apply a transition as one conditional
// update (`where state in from`), so two people or two orchestrators cannot both move it.
//
//   proposed ──approve──> approved ──start──> executing ──cutover──> verifying ──verified──> done
//      │  ▲                  │  │                  │                    │                     │
//      │  └──reconsider──────┘  ├──fail──────────────┴──fail──> failed <──┘                     │
//      ├──reject──> rejected <──┘                             │                               │
//      └──expire──> expired <── (approved, not started)       └────rollback──> rolling-back <─┘
//                                                                                   └──> rolled-back

export const MITIGATION_STATES = [
  "proposed",
  "approved",
  "executing",
  "verifying",
  "done",
  "failed",
  "rolling-back",
  "rolled-back",
  "rejected",
  "expired",
] as const;
export type TMitigationState = (typeof MITIGATION_STATES)[number];

export const MITIGATION_EVENTS = [
  "approve",
  "reject",
  "expire",
  "reconsider",
  "start",
  "cutover",
  "verified",
  "fail",
  "rollback",
  "rolled-back",
  "rollback-failed",
] as const;
export type TMitigationEvent = (typeof MITIGATION_EVENTS)[number];

export const TRANSITIONS: Record<TMitigationEvent, { from: readonly TMitigationState[]; to: TMitigationState; verb: string }> = {
  approve: { from: ["proposed"], to: "approved", verb: "approved" },
  reject: { from: ["proposed", "approved"], to: "rejected", verb: "rejected" },
  expire: { from: ["proposed", "approved"], to: "expired", verb: "expired" },
  // The re-check just before execution found the signal changed: a person has to look again.
  reconsider: { from: ["approved"], to: "proposed", verb: "sent back for another look" },
  start: { from: ["approved"], to: "executing", verb: "started" },
  cutover: { from: ["executing"], to: "verifying", verb: "verified" },
  verified: { from: ["verifying"], to: "done", verb: "completed" },
  // approved → failed: the control plane refused to start it (shard busy, node down).
  fail: { from: ["approved", "executing", "verifying"], to: "failed", verb: "failed" },
  rollback: { from: ["executing", "verifying", "done", "failed"], to: "rolling-back", verb: "rolled back" },
  "rolled-back": { from: ["rolling-back"], to: "rolled-back", verb: "marked rolled back" },
  "rollback-failed": { from: ["rolling-back"], to: "failed", verb: "marked failed" },
};

/** States where nothing more happens unless a person rolls back (done, failed) or never (the rest). */
export const SETTLED_STATES: readonly TMitigationState[] = ["done", "failed", "rolled-back", "rejected", "expired"];
/** States the orchestrator drives; a restart resumes these. */
export const ACTIVE_STATES: readonly TMitigationState[] = ["approved", "executing", "verifying", "rolling-back"];
/** States waiting for a person. */
export const OPEN_STATES: readonly TMitigationState[] = ["proposed"];

export function canApply(state: TMitigationState, event: TMitigationEvent): boolean {
  return TRANSITIONS[event].from.includes(state);
}

/** The state after `event`, or a ConflictError that says why not. */
export function nextState(state: TMitigationState, event: TMitigationEvent): TMitigationState {
  const t = TRANSITIONS[event];
  if (!t.from.includes(state)) throw new ConflictError(`A ${state} mitigation cannot be ${t.verb} (only ${t.from.join(" or ")} ones can)`);
  return t.to;
}

export type TApprovalVote = { userId: string };
export type TApprover = { userId: string; role: "viewer" | "operator" | "admin" };

/**
 * One approval: operators and admins only, each person once. With `required` 2 (a destructive action
 * whose policy asks for a second approver) the first vote is recorded and the proposal stays proposed.
 */
export function approvalOutcome(input: { state: TMitigationState; required: number; votes: readonly TApprovalVote[]; by: TApprover }): "recorded" | "approved" {
  const { state, required, votes, by } = input;
  if (by.role === "viewer") throw new ForbiddenError("Only operators approve mitigations");
  nextState(state, "approve"); // throws unless it is still proposed
  if (votes.some((v) => v.userId === by.userId))
    throw new ConflictError(required > 1 ? "You have approved this already; a second approver must be a different person" : "You have approved this already");
  return votes.length + 1 >= required ? "approved" : "recorded";
}
