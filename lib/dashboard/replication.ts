import type { TGroup } from "@/lib/detection/engine/view";
import type { SeriesBuffer } from "@/lib/telemetry/series-buffer";
import type { TGrid } from "./buckets";

// The replication page's pure core: each replica's state from the open alerts of the replica rules
// and its current lag, the worst replicas by lag, and the p99/max of lag across a cluster per bucket.

export const REPLICA_STATES = ["missing", "stalled", "lagging", "growing", "healthy"] as const;
export type TReplicaState = (typeof REPLICA_STATES)[number];

/** Rule kind → the state its open alert means (the first in REPLICA_STATES order wins). */
export const STATE_OF_KIND: Record<string, TReplicaState> = {
  "replica-missing": "missing",
  "replica-stalled": "stalled",
  "replica-lag": "lagging",
  "replica-lag-growth": "growing",
};

export const STATE_RANK: Record<TReplicaState, number> = { missing: 0, stalled: 1, lagging: 2, growing: 3, healthy: 4 };

export type TSlo = { rule: string; seconds: number };
export type TRuleBrief = { name: string; kind: string; cluster?: string | undefined; params: Record<string, unknown> };

/** The SLO line of a cluster: its enabled replica-lag rule (one scoped to the cluster first, then the strictest). */
export function sloFor(rules: readonly TRuleBrief[], cluster: string): TSlo | null {
  const lag = rules.filter((r) => r.kind === "replica-lag" && (r.cluster === undefined || r.cluster === cluster));
  const scoped = lag.filter((r) => r.cluster === cluster);
  const pick = (scoped.length ? scoped : lag).map((r) => ({ rule: r.name, seconds: Number(r.params.fireAboveSeconds) })).filter((s) => s.seconds > 0);
  return pick.sort((a, b) => a.seconds - b.seconds)[0] ?? null;
}

/** How long a replica may be silent before it counts as missing: the replica-missing rule's window, if enabled. */
export function missingAfterMs(rules: readonly TRuleBrief[], cluster: string): number | null {
  const r = rules.filter((x) => x.kind === "replica-missing" && (x.cluster === undefined || x.cluster === cluster));
  const secs = r.map((x) => Number(x.params.silentSeconds)).filter((s) => s > 0);
  return secs.length ? Math.min(...secs) * 1000 : null;
}

export type TReplicaAlert = { kind: string; rule: string };

/**
 * A replica's state: an open alert of a replica rule decides; without one, a lag over the SLO is
 * lagging (the alert is on its way) and a silence past the missing rule's window is missing.
 */
export function classifyReplica(
  lag: number,
  silentMs: number,
  alerts: readonly TReplicaAlert[] | undefined,
  slo: TSlo | null,
  missingMs: number | null,
): { state: TReplicaState; rule: string | null } {
  let best: { state: TReplicaState; rule: string | null } | null = null;
  for (const a of alerts ?? []) {
    const state = STATE_OF_KIND[a.kind];
    if (state && (!best || STATE_RANK[state] < STATE_RANK[best.state])) best = { state, rule: a.rule };
  }
  if (best && STATE_RANK[best.state] <= STATE_RANK.lagging) return best;
  if (slo && lag > slo.seconds) return { state: "lagging", rule: null };
  if (best) return best;
  if (Number.isNaN(lag) && missingMs !== null && silentMs >= missingMs) return { state: "missing", rule: null };
  return { state: "healthy", rule: null };
}

/** Indices of the `n` largest finite values, largest first (ties: lower index first). */
export function worstN(values: ArrayLike<number>, n: number): number[] {
  const top: number[] = [];
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (!Number.isFinite(v)) continue;
    if (top.length === n && v <= values[top[n - 1]!]!) continue;
    let at = top.length;
    while (at > 0 && values[top[at - 1]!]! < v) at--;
    top.splice(at, 0, i);
    if (top.length > n) top.pop();
  }
  return top;
}

/** Index, counted from the largest, of the 99th percentile of k values: the ceil(0.99·k)-th smallest, as query-range has it. */
export function p99RankFromTop(k: number): number {
  return k - Math.ceil(0.99 * k);
}

/**
 * Per bucket, the largest values offered (a min-heap of fixed size each), their count and maximum:
 * enough for a p99 across thousands of series while touching a few kilobytes.
 */
export class TopPerBucket {
  readonly heap: Float64Array;
  readonly size: Int32Array;
  readonly count: Int32Array;
  readonly max: Float64Array;

  constructor(
    readonly buckets: number,
    readonly keep: number,
  ) {
    this.heap = new Float64Array(buckets * keep);
    this.size = new Int32Array(buckets);
    this.count = new Int32Array(buckets);
    this.max = new Float64Array(buckets).fill(NaN);
  }

  offer(b: number, v: number): void {
    this.count[b]!++;
    if (!(v <= this.max[b]!)) this.max[b] = v;
    const h = this.heap;
    const o = b * this.keep;
    let n = this.size[b]!;
    if (n < this.keep) {
      let i = n++;
      this.size[b] = n;
      while (i > 0 && h[o + ((i - 1) >> 1)]! > v) {
        h[o + i] = h[o + ((i - 1) >> 1)]!;
        i = (i - 1) >> 1;
      }
      h[o + i] = v;
      return;
    }
    if (v <= h[o]!) return;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const c = l + 1 < n && h[o + l + 1]! < h[o + l]! ? l + 1 : l;
      if (h[o + c]! >= v) break;
      h[o + i] = h[o + c]!;
      i = c;
    }
    h[o + i] = v;
  }

  /** The p99 of the values offered to bucket b, NaN if none. */
  p99(b: number): number {
    const k = this.count[b]!;
    if (!k) return NaN;
    const top = Array.from(this.heap.subarray(b * this.keep, b * this.keep + this.size[b]!)).sort((x, y) => y - x);
    return top[Math.min(top.length - 1, p99RankFromTop(k))]!;
  }
}

/**
 * p99 and max of lag across replicas per bucket (each replica's max in the bucket), points with
 * windowStart ≤ ts < to. Replica by replica, each one's points read in order (memory-friendly).
 */
export function lagBand(group: TGroup, grid: TGrid, windowStart: number, to: number): { p99: Float64Array; max: Float64Array } {
  const top = new TopPerBucket(grid.n, p99RankFromTop(group.things.length) + 1);
  const lo = Math.max(windowStart, grid.start);
  for (const t of group.things) {
    const buf: SeriesBuffer | undefined = t.series[0];
    if (!buf?.length) continue;
    let b = -1;
    let m = -Infinity;
    for (let c = buf.lowerBound(lo); c < buf.length; c++) {
      const ts = buf.tsAt(c);
      if (ts >= to) break;
      const at = Math.floor((ts - grid.start) / grid.step);
      const v = buf.valueAt(c);
      if (at !== b) {
        if (b >= 0) top.offer(b, m);
        b = at;
        m = v;
      } else if (v > m) m = v;
    }
    if (b >= 0 && b < grid.n) top.offer(b, m);
  }
  const p99 = new Float64Array(grid.n);
  for (let b = 0; b < grid.n; b++) p99[b] = top.p99(b);
  return { p99, max: top.max };
}
