import type { TOperationKind } from "@/lib/control-plane/types";

// How long a proposal waits for a decision, and which actions need a second, different approver.

export type TMitigationPolicy = {
  /** A proposal (or an approved one not yet started) expires after this long. */
  ttlMs: number;
  /** Actions that need two approvals from two people (e.g. split and move: they copy data). */
  secondApprover: readonly TOperationKind[];
};

export const DEFAULT_POLICY: TMitigationPolicy = { ttlMs: 30 * 60_000, secondApprover: [] };

export function requiredApprovals(policy: TMitigationPolicy, action: TOperationKind): 1 | 2 {
  return policy.secondApprover.includes(action) ? 2 : 1;
}
