import { fmtNumber, fmtPercent } from "@/lib/detection/engine/format";
import { CACHE_SLOT, type TGroup, type TThing } from "@/lib/detection/engine/view";
import type { TRule } from "@/lib/detection/rules/schema";
import type { SeriesBuffer } from "@/lib/telemetry/series-buffer";
import type { TSeriesLabels } from "@/lib/telemetry/points";
import { inScope, memo, push, targetId, type TEvalContext, type TFinding, type TTargetId } from "./types";

type R<K extends TRule["kind"]> = Extract<TRule, { kind: K }>;

const RECENT_MS = 2 * 60_000;
const BASELINE_REFRESH_MS = 30_000;
const MIN_BASELINE_POINTS = 12;

const MAKE_ID = (l: TSeriesLabels) => ({ target: `${l.cluster}/${l.node ?? ""}`, labels: { cluster: l.cluster, node: l.node ?? "" } });

function cacheTarget(t: TThing): TTargetId {
  return targetId(t, MAKE_ID);
}

/** Sum and count of a series' points in [now − minutes, now − 2 min). */
function windowSum(buf: SeriesBuffer | undefined, now: number, minutes: number): { sum: number; n: number } {
  if (!buf) return { sum: 0, n: 0 };
  let sum = 0;
  const to = buf.lowerBound(now - RECENT_MS);
  const from = buf.lowerBound(now - minutes * 60_000);
  for (let i = from; i < to; i++) sum += buf.valueAt(i);
  return { sum, n: to - from };
}

/**
 * A cache node's hit-ratio baseline at `now`: hits over gets across [now − minutes, now − 2 min), NaN
 * until there are enough points. Exported so the dashboard draws the very line the rule compares against.
 */
export function hitRatioBaseline(hits: SeriesBuffer | undefined, misses: SeriesBuffer | undefined, now: number, minutes: number): number {
  const h = windowSum(hits, now, minutes);
  const m = windowSum(misses, now, minutes);
  return h.n >= MIN_BASELINE_POINTS && h.sum + m.sum > 0 ? h.sum / (h.sum + m.sum) : NaN;
}

/** Cache nodes in the rule's scope, as (group, index) pairs: a few hundred at most. */
function cachesInScope(ctx: TEvalContext): [TGroup, number][] {
  const out: [TGroup, number][] = [];
  for (const c of ctx.view.clusters.values()) if (inScope(ctx.rule, c.name)) for (let i = 0; i < c.caches.things.length; i++) out.push([c.caches, i]);
  return out;
}

export function evaluateCacheHitDrop(ctx: TEvalContext<R<"cache-hit-drop">>): TFinding[] {
  const p = ctx.rule.params;
  const out: TFinding[] = [];
  const now = ctx.view.now;
  for (const [g, i] of cachesInScope(ctx)) {
    const t = g.things[i]!;
    const hitsBuf = t.series[CACHE_SLOT.hitsPerSec];
    const hits = g.values[CACHE_SLOT.hitsPerSec]![i]!;
    const misses = g.values[CACHE_SLOT.missesPerSec]![i]!;
    if (Number.isNaN(hits) || Number.isNaN(misses)) continue;
    const { target, labels } = cacheTarget(t);
    const baseline = memo(ctx, `hit\u0001${target}`, BASELINE_REFRESH_MS, () =>
      hitRatioBaseline(hitsBuf, t.series[CACHE_SLOT.missesPerSec], now, p.baselineMinutes),
    );
    if (Number.isNaN(baseline)) continue;
    const gets = hits + misses;
    const ratio = gets > 0 ? hits / gets : 0;
    const drop = baseline - ratio;
    const status = gets >= p.minGetsPerSec && drop >= p.fireDrop ? "fire" : gets < p.minGetsPerSec || drop < p.clearDrop ? "clear" : "hold";
    push(out, ctx, {
      target,
      labels,
      status,
      value: ratio,
      sampleTs: g.times[CACHE_SLOT.hitsPerSec]![i]!,
      text: `${target} hit ratio ${fmtPercent(ratio)} against its ${fmtPercent(baseline)} baseline (${fmtNumber(drop * 100)} points down, ${fmtNumber(gets)} gets/s)`,
    });
  }
  return out;
}

export function evaluateEvictionStorm(ctx: TEvalContext<R<"eviction-storm">>): TFinding[] {
  const p = ctx.rule.params;
  const out: TFinding[] = [];
  const now = ctx.view.now;
  for (const [g, i] of cachesInScope(ctx)) {
    const t = g.things[i]!;
    const buf = t.series[CACHE_SLOT.evictionsPerSec];
    const ev = g.values[CACHE_SLOT.evictionsPerSec]![i]!;
    if (Number.isNaN(ev)) continue;
    const { target, labels } = cacheTarget(t);
    const usual = memo(ctx, `ev\u0001${target}`, BASELINE_REFRESH_MS, () => {
      const w = windowSum(buf, now, p.baselineMinutes);
      return w.n >= MIN_BASELINE_POINTS ? w.sum / w.n : NaN;
    });
    if (Number.isNaN(usual)) continue;
    const ratio = ev / Math.max(usual, 1);
    const status = ev >= p.minPerSec && ratio >= p.fireRatio ? "fire" : ev < p.minPerSec / 2 || ratio < p.clearRatio ? "clear" : "hold";
    push(out, ctx, {
      target,
      labels,
      status,
      value: ev,
      sampleTs: g.times[CACHE_SLOT.evictionsPerSec]![i]!,
      text: `${target} evicts ${fmtNumber(ev)} keys/s, ${fmtNumber(ratio)}× its usual ${fmtNumber(usual)}/s`,
    });
  }
  return out;
}

export function evaluateHotKey(ctx: TEvalContext<R<"hot-key">>): TFinding[] {
  const p = ctx.rule.params;
  const out: TFinding[] = [];
  for (const c of ctx.view.clusters.values()) {
    if (!inScope(ctx.rule, c.name) || !c.hotKeys.things.length) continue;
    const gets = new Map<string, number>();
    const [hits, misses] = [c.caches.values[CACHE_SLOT.hitsPerSec]!, c.caches.values[CACHE_SLOT.missesPerSec]!];
    c.caches.things.forEach((t, i) => {
      const g = hits[i]! + misses[i]!;
      if (!Number.isNaN(g)) gets.set(t.labels.node ?? "", g);
    });
    const hk = c.hotKeys;
    for (let j = 0; j < hk.things.length; j++) {
      const k = hk.things[j]!;
      const { cluster, node = "", key = "" } = k.labels;
      const target = `${cluster}/${node}/${key}`;
      const perSec = hk.values[0]![j]!;
      const nodeGets = gets.get(node) ?? NaN;
      // A key no longer among the node's reported hot keys has cooled down.
      if (Number.isNaN(perSec) || Number.isNaN(nodeGets)) {
        push(out, ctx, { target, labels: { cluster, node, key }, status: "clear", value: 0, sampleTs: ctx.view.now, text: `${target} is no longer hot` });
        continue;
      }
      const share = nodeGets > 0 ? perSec / nodeGets : 0;
      const status = nodeGets >= p.minGetsPerSec && share >= p.fireShare ? "fire" : nodeGets < p.minGetsPerSec || share < p.clearShare ? "clear" : "hold";
      if (status === "clear" && !ctx.open.has(target)) continue;
      push(out, ctx, {
        target,
        labels: { cluster, node, key },
        status,
        value: share,
        sampleTs: hk.times[0]![j]!,
        text: `${cluster}/${node}: key ${key} takes ${fmtPercent(share)} of gets (${fmtNumber(perSec)}/s of ${fmtNumber(nodeGets)}/s)`,
      });
    }
  }
  return out;
}
