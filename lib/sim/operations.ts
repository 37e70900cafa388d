import type { TOperation, TOperationKind, TOperationPhase } from "@/lib/control-plane/types";
import type { TClusterState, TShardState } from "./cluster";

// Operations in the simulated control plane: a plan of timed phases; data-moving phases add load,
// cutover briefly fails a small share of requests (writes too, unless they are buffered), and the
// change itself lands when cutover ends.

export type TPhasePlan = { phase: TOperationPhase; seconds: number };
export type TSimOperation = {
  op: TOperation;
  plan: TPhasePlan[];
  phaseIndex: number;
  phaseStartMs: number;
  shard: TShardState | null;
  copyLoad: number;
  copyTarget: string | null;
  bufferWrites: boolean;
  /** Applies the change at the end of cutover; returns what undoes it. */
  apply: () => TUndo;
  undo: TUndo | null;
};
export type TUndo = { kind: TOperationKind; target: string; params: Record<string, unknown>; shard: TShardState | null; copyGb: number; apply: () => void };

export const CUTOVER_SECONDS = 2;
const BUFFERED_FAILURE = 0.002; // in-flight reads at the switch
const COPY_LOAD_SHARE = 0.12; // of a shard's capacity, while its data is copied

export function planFor(state: TClusterState, copyGb: number): TPhasePlan[] {
  if (copyGb <= 0)
    return [
      { phase: "planned", seconds: 1 },
      { phase: "cutover", seconds: 1 },
    ];
  const copy = (copyGb * 1024) / state.spec.copyMBps;
  return [
    { phase: "planned", seconds: 2 },
    { phase: "copying", seconds: copy },
    { phase: "catching-up", seconds: 3 + copy * 0.1 },
    { phase: "verifying", seconds: 5 },
    { phase: "cutover", seconds: CUTOVER_SECONDS },
  ];
}

export function copyLoadFor(state: TClusterState): number {
  return state.spec.shardCapacityQps * COPY_LOAD_SHARE;
}

const totalSeconds = (plan: TPhasePlan[]) => plan.reduce((s, p) => s + p.seconds, 0);

function setProgress(s: TSimOperation, nowMs: number): void {
  const before = s.plan.slice(0, s.phaseIndex).reduce((sum, p) => sum + p.seconds, 0);
  const inPhase = Math.min((nowMs - s.phaseStartMs) / 1000, s.plan[s.phaseIndex]?.seconds ?? 0);
  s.op.progress = Math.min(1, (before + inPhase) / totalSeconds(s.plan));
  s.op.updatedAt = nowMs;
}

/** When cutover runs, as absolute ms: the plan's timings are fixed once it starts. */
function cutoverWindow(s: TSimOperation): [number, number] | null {
  let t = s.op.startedAt;
  for (const p of s.plan) {
    if (p.phase === "cutover") return [t, t + p.seconds * 1000];
    t += p.seconds * 1000;
  }
  return null;
}

/** Moves one operation forward to `nowMs`; sets the shard's copy load and cutover failures for this step. */
export function advanceOperation(s: TSimOperation, nowMs: number, dt: number, readFraction: number): void {
  while (s.phaseIndex < s.plan.length && nowMs - s.phaseStartMs >= s.plan[s.phaseIndex]!.seconds * 1000) {
    s.phaseStartMs += s.plan[s.phaseIndex]!.seconds * 1000;
    if (s.plan[s.phaseIndex]!.phase === "cutover") s.undo = s.apply();
    s.phaseIndex++;
  }
  const phase = s.plan[s.phaseIndex]?.phase ?? "done";
  if (s.shard) {
    const copying = phase === "copying" || phase === "catching-up";
    s.shard.copyLoad = copying ? s.copyLoad : 0;
    s.shard.copyTarget = copying ? s.copyTarget : null;
    const win = s.copyLoad > 0 ? cutoverWindow(s) : null;
    const overlap = win ? Math.max(0, Math.min(win[1], nowMs) - Math.max(win[0], nowMs - dt * 1000)) : 0;
    s.shard.cutoverFailure = (overlap / (dt * 1000)) * (s.bufferWrites ? BUFFERED_FAILURE : 1 - readFraction + 0.05 * readFraction);
  }
  s.op.phase = phase;
  setProgress(s, nowMs);
  s.op.etaAt = phase === "done" ? null : s.op.startedAt + totalSeconds(s.plan) * 1000;
  if (phase === "done") s.op.progress = 1;
  s.op.message = phase === "done" ? "done" : `${phase}, ${Math.round(s.op.progress * 100)}%`;
}

export function isFinal(phase: TOperationPhase): boolean {
  return phase === "done" || phase === "failed" || phase === "rolled-back";
}
