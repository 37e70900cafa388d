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

/** The k-th smallest (0-based) of xs[0..len), rearranging xs (Hoare quickselect). */
export function selectKth(xs: Float64Array, len: number, k: number): number {
  let lo = 0;
  let hi = len - 1;
  while (lo < hi) {
    const pivot = xs[(lo + hi) >>> 1]!;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (xs[i]! < pivot) i++;
      while (xs[j]! > pivot) j--;
      if (i <= j) {
        const t = xs[i]!;
        xs[i++] = xs[j]!;
        xs[j--] = t;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return xs[k]!;
  }
  return xs[k]!;
}

/** 99th percentile as query-range computes it across series: the ceil(0.99·n)-th smallest. */
export function p99Of(xs: Float64Array, len: number): number {
  return selectKth(xs, len, Math.min(len - 1, Math.ceil(0.99 * len) - 1));
}

/**
 * p99 and max of lag across replicas per bucket (each replica's max in the bucket), points with
 * windowStart ≤ ts < to. One cursor per replica, so memory stays one number per replica.
 */
export function lagBand(group: TGroup, grid: TGrid, windowStart: number, to: number): { p99: Float64Array; max: Float64Array } {
  const bufs: (SeriesBuffer | undefined)[] = group.things.map((t) => t.series[0]);
  const cursors = new Int32Array(bufs.length);
  bufs.forEach((b, i) => (cursors[i] = b ? b.lowerBound(Math.max(windowStart, grid.start)) : 0));
  const vals = new Float64Array(bufs.length);
  const p99 = new Float64Array(grid.n).fill(NaN);
  const max = new Float64Array(grid.n).fill(NaN);
  for (let b = 0; b < grid.n; b++) {
    const end = Math.min(grid.start + (b + 1) * grid.step, to);
    if (end <= windowStart) continue;
    let k = 0;
    let top = -Infinity;
    for (let i = 0; i < bufs.length; i++) {
      const buf = bufs[i];
      if (!buf) continue;
      let c = cursors[i]!;
      let m = -Infinity;
      for (; c < buf.length && buf.tsAt(c) < end; c++) m = Math.max(m, buf.valueAt(c));
      cursors[i] = c;
      if (m === -Infinity) continue;
      vals[k++] = m;
      if (m > top) top = m;
    }
    if (k) {
      max[b] = top;
      p99[b] = p99Of(vals, k);
    }
  }
  return { p99, max };
}
