import { DetectionView, SHARD_SLOT, CACHE_SLOT, ViewCache, type TClusterView } from "@/lib/detection/engine/view";
import { gini } from "@/lib/detection/engine/stats";
import type { TSeverity } from "@/lib/detection/rules/schema";
import type { WindowStore } from "@/lib/telemetry/window-store";

// The overview's row per cluster, from the live window: skew (Gini of shard qps) now and over the
// last 30 minutes, the hottest shard and its share against the fair share, the worst replica lag,
// the cache hit ratio, and the open alerts. Pure apart from the store it reads; `now` is handed in.

/** Open alerts of one cluster, state and severity: `count` of them (one when left out). */
export type TAlertBrief = { cluster: string; state: "pending" | "firing" | "resolved"; severity: TSeverity; count?: number };

const total = (alerts: readonly TAlertBrief[]) => alerts.reduce((n, a) => n + (a.count ?? 1), 0);

export type TClusterHealth = {
  cluster: string;
  status: "critical" | "warning" | "pending" | "ok" | "no-data";
  firing: number;
  pending: number;
  shards: number;
  qps: number | null;
  skew: number | null;
  /** Gini index per minute, oldest first (NaN where there was no data). */
  skewHistory: number[];
  hottest: { shard: string; share: number; fairShare: number } | null;
  worstLag: { replica: string; seconds: number } | null;
  cacheHitRatio: number | null;
};

const URGENCY: Record<TClusterHealth["status"], number> = { critical: 0, warning: 1, pending: 2, ok: 3, "no-data": 4 };
const HISTORY_MINUTES = 30;

// Kept between renders: the grouping of series by cluster (rebuilt when the store's series change),
// and the skew of whole past minutes, which later samples no longer move (10,000 shards: 30 sorts saved).
const viewCache = new ViewCache();
const pastSkew = new WeakMap<WindowStore, Map<string, Map<number, number>>>();

function skewMemo(store: WindowStore, cluster: string): Map<number, number> {
  let byCluster = pastSkew.get(store);
  if (!byCluster) pastSkew.set(store, (byCluster = new Map<string, Map<number, number>>()));
  let memo = byCluster.get(cluster);
  if (!memo) byCluster.set(cluster, (memo = new Map<number, number>()));
  return memo;
}

function skewAt(view: DetectionView, c: TClusterView, memo: Map<number, number>, t: number, settledBefore: number): number {
  const known = memo.get(t);
  if (known !== undefined) return known;
  const xs = qpsAt(view, c, t);
  const g = xs.length >= 2 ? gini(xs) : NaN;
  if (t < settledBefore) memo.set(t, g);
  return g;
}

function qpsAt(view: DetectionView, c: TClusterView, t: number): number[] {
  const out: number[] = [];
  for (const s of c.shards.things) {
    const buf = s.series[SHARD_SLOT.qps];
    if (!buf?.length) continue;
    const i = buf.lowerBound(t + 1) - 1;
    if (i >= 0 && buf.tsAt(i) >= t - view.opts.staleMs) out.push(buf.valueAt(i));
  }
  return out;
}

function shardPart(view: DetectionView, c: TClusterView, memo: Map<number, number>): Pick<TClusterHealth, "shards" | "qps" | "skew" | "hottest" | "skewHistory"> {
  const qps = c.shards.values[SHARD_SLOT.qps]!;
  let total = 0;
  let n = 0;
  let top = -1;
  for (let i = 0; i < qps.length; i++) {
    const v = qps[i]!;
    if (Number.isNaN(v)) continue;
    total += v;
    n++;
    if (top < 0 || v > qps[top]!) top = i;
  }
  // One point per whole minute (aligned, so past points are the same from one render to the next).
  const minute = Math.floor(view.now / 60_000) * 60_000;
  const settledBefore = view.now - 2 * view.opts.staleMs;
  const skewHistory: number[] = [];
  for (let m = HISTORY_MINUTES - 1; m >= 0; m--) skewHistory.push(skewAt(view, c, memo, minute - m * 60_000, settledBefore));
  for (const t of memo.keys()) if (t < minute - HISTORY_MINUTES * 60_000) memo.delete(t);
  const live = Array.from(qps).filter((v) => !Number.isNaN(v));
  skewHistory.push(live.length >= 2 ? gini(live) : NaN);
  return {
    shards: c.shards.things.length,
    qps: n ? total : null,
    skew: live.length >= 2 ? gini(live) : null,
    skewHistory,
    hottest: top >= 0 && total > 0 ? { shard: c.shards.things[top]!.labels.shard ?? "", share: qps[top]! / total, fairShare: 1 / n } : null,
  };
}

function worstLag(c: TClusterView): TClusterHealth["worstLag"] {
  const lags = c.replicas.values[0]!;
  let worst = -1;
  for (let i = 0; i < lags.length; i++) if (!Number.isNaN(lags[i]!) && (worst < 0 || lags[i]! > lags[worst]!)) worst = i;
  return worst < 0 ? null : { replica: c.replicas.things[worst]!.labels.replica ?? "", seconds: lags[worst]! };
}

function hitRatio(c: TClusterView): number | null {
  const hits = c.caches.values[CACHE_SLOT.hitsPerSec]!;
  const misses = c.caches.values[CACHE_SLOT.missesPerSec]!;
  let h = 0;
  let g = 0;
  for (let i = 0; i < hits.length; i++) {
    if (Number.isNaN(hits[i]!) || Number.isNaN(misses[i]!)) continue;
    h += hits[i]!;
    g += hits[i]! + misses[i]!;
  }
  return g > 0 ? h / g : null;
}

/** One row per cluster in the window, the most urgent first (then the most skewed). */
export function clusterHealth(store: WindowStore, alerts: readonly TAlertBrief[], now: number, staleMs = 30_000): TClusterHealth[] {
  const view = DetectionView.of(store, now, { staleMs }, viewCache);
  const rows: TClusterHealth[] = [];
  for (const c of view.clusters.values()) {
    const mine = alerts.filter((a) => a.cluster === c.name);
    const firing = mine.filter((a) => a.state === "firing");
    const shards = shardPart(view, c, skewMemo(store, c.name));
    const status: TClusterHealth["status"] = firing.some((a) => a.severity === "critical")
      ? "critical"
      : total(firing)
        ? "warning"
        : mine.some((a) => a.state === "pending")
          ? "pending"
          : shards.qps === null && c.shards.things.length
            ? "no-data"
            : "ok";
    rows.push({
      cluster: c.name,
      status,
      firing: total(firing),
      pending: total(mine.filter((a) => a.state === "pending")),
      ...shards,
      worstLag: worstLag(c),
      cacheHitRatio: hitRatio(c),
    });
  }
  return rows.sort((a, b) => URGENCY[a.status] - URGENCY[b.status] || (b.skew ?? 0) - (a.skew ?? 0) || a.cluster.localeCompare(b.cluster));
}
