import { fmtMetric, fmtNumber, fmtPercent, metricName } from "@/lib/detection/engine/format";
import { coefficientOfVariation, gini, median, medianMad } from "@/lib/detection/engine/stats";
import { SHARD_SLOT, type TClusterView, type TThing } from "@/lib/detection/engine/view";
import type { TRule } from "@/lib/detection/rules/schema";
import type { TSeriesLabels } from "@/lib/telemetry/points";
import { inScope, mayBeOpen, memo, push, targetId, type TEvalContext, type TFinding, type TTargetId } from "./types";

type R<K extends TRule["kind"]> = Extract<TRule, { kind: K }>;

const RECENT_MS = 2 * 60_000; // left out of a baseline, so an incident does not raise its own bar
const BASELINE_REFRESH_MS = 60_000;

type TShardValues = { things: TThing[]; values: Float64Array; ts: Float64Array; n: number };

/** The latest value of `metric` per shard; shards without a fresh point are left out. */
function shardValues(ctx: TEvalContext, c: TClusterView, metric: keyof typeof SHARD_SLOT): TShardValues {
  const slot = SHARD_SLOT[metric];
  const g = c.shards;
  const col = g.values[slot]!;
  const times = g.times[slot]!;
  const things: TThing[] = [];
  const values = new Float64Array(col.length);
  const ts = new Float64Array(col.length);
  let n = 0;
  for (let i = 0; i < col.length; i++) {
    const v = col[i]!;
    if (Number.isNaN(v)) continue;
    things.push(g.things[i]!);
    values[n] = v;
    ts[n++] = times[i]!;
  }
  return { things, values: values.subarray(0, n), ts: ts.subarray(0, n), n };
}

const MAKE_ID = (l: TSeriesLabels) => ({
  target: `${l.cluster}/${l.shard ?? ""}`,
  labels: { cluster: l.cluster, shard: l.shard ?? "", ...(l.node ? { node: l.node } : {}) },
});

function shardTarget(t: TThing): TTargetId {
  return targetId(t, MAKE_ID);
}

/** Median of the shard's own values from `baselineMinutes` ago up to two minutes ago; NaN if too few. */
function ownBaseline(ctx: TEvalContext, t: TThing, slot: number, minutes: number): number {
  const key = `baseline\u0001${t.labels.cluster}\u0001${t.labels.shard}`;
  return memo(ctx, key, BASELINE_REFRESH_MS, () => {
    const buf = t.series[slot];
    const now = ctx.view.now;
    if (!buf) return NaN;
    const from = buf.lowerBound(now - minutes * 60_000);
    const to = buf.lowerBound(now - RECENT_MS);
    if (to - from < 12) return NaN; // under a minute of 5 s samples: no baseline yet
    const xs = new Float64Array(to - from);
    for (let i = from; i < to; i++) xs[i - from] = buf.valueAt(i);
    return median(xs);
  });
}

export function evaluateHotShard(ctx: TEvalContext<R<"hot-shard">>): TFinding[] {
  const p = ctx.rule.params;
  const out: TFinding[] = [];
  for (const c of ctx.view.clusters.values()) {
    if (!inScope(ctx.rule, c.name)) continue;
    const sv = shardValues(ctx, c, p.metric);
    let total = 0;
    for (let i = 0; i < sv.n; i++) total += sv.values[i]!;
    const enough = sv.n >= p.minShards && total > 0;
    const { median: med, sigma } = enough ? medianMad(sv.values) : { median: 0, sigma: 0 };
    const fair = 1 / Math.max(1, sv.n);
    for (let i = 0; i < sv.n; i++) {
      const t = sv.things[i]!;
      const v = sv.values[i]!;
      const share = total > 0 ? v / total : 0;
      const ofFair = share / fair;
      let fire =
        enough &&
        v >= p.minValue &&
        ofFair >= p.fireShareOfFair &&
        (p.minMedianRatio === 0 || v >= p.minMedianRatio * med) &&
        (p.minRobustZ === 0 || (sigma > 0 ? (v - med) / sigma : Infinity) >= p.minRobustZ);
      if (fire && p.minHistoryRatio > 0) {
        const base = ownBaseline(ctx, t, SHARD_SLOT[p.metric], p.baselineMinutes);
        fire = Number.isNaN(base) || v >= p.minHistoryRatio * base;
      }
      const clear = !enough || v < p.minValue || ofFair < p.clearShareOfFair;
      if (!fire && clear && !mayBeOpen(ctx, t, MAKE_ID)) continue;
      const { target, labels } = shardTarget(t);
      push(out, ctx, {
        target,
        labels,
        status: fire ? "fire" : clear ? "clear" : "hold",
        value: share,
        sampleTs: sv.ts[i]!,
        text: `${target} takes ${fmtPercent(share)} of cluster ${metricName(p.metric)} (fair share ${fmtPercent(fair)}, ${fmtMetric(p.metric, v)})`,
      });
    }
  }
  return out;
}

type TSkewHistory = { ts: number[]; values: number[] };

/** Median of the cluster's index over the baseline window, recent two minutes left out; NaN under 5 min. */
function skewBaseline(h: TSkewHistory, now: number, minutes: number, frozen: boolean): number {
  while (!frozen && h.ts.length && h.ts[0]! < now - minutes * 60_000) {
    h.ts.shift();
    h.values.shift();
  }
  const xs: number[] = [];
  for (let i = 0; i < h.ts.length && h.ts[i]! < now - RECENT_MS; i++) xs.push(h.values[i]!);
  return xs.length && now - RECENT_MS - h.ts[0]! >= 5 * 60_000 ? median(xs) : NaN;
}

export function evaluateClusterSkew(ctx: TEvalContext<R<"cluster-skew">>): TFinding[] {
  const p = ctx.rule.params;
  const out: TFinding[] = [];
  const now = ctx.view.now;
  for (const c of ctx.view.clusters.values()) {
    if (!inScope(ctx.rule, c.name)) continue;
    const sv = shardValues(ctx, c, p.metric);
    let total = 0;
    let ts = 0;
    for (let i = 0; i < sv.n; i++) {
      total += sv.values[i]!;
      ts = Math.max(ts, sv.ts[i]!);
    }
    const enough = sv.n >= p.minShards && total >= p.minTotal;
    if (!enough && !ctx.open.has(c.name)) continue;
    const index = enough ? (p.index === "gini" ? gini(sv.values) : coefficientOfVariation(sv.values)) : 0;
    let h = ctx.memory.get(`skew\u0001${c.name}`) as TSkewHistory | undefined;
    if (!h) ctx.memory.set(`skew\u0001${c.name}`, (h = { ts: [], values: [] }));
    const base = skewBaseline(h, now, p.baselineMinutes, ctx.open.has(c.name));
    // The baseline learns only while nothing is open, so a long incident does not become normal.
    if (enough && !ctx.open.has(c.name) && (!h.ts.length || h.ts[h.ts.length - 1]! < now)) {
      h.ts.push(now);
      h.values.push(index);
    }
    if (Number.isNaN(base) && !ctx.open.has(c.name)) continue; // no baseline yet: no opinion
    const rise = Number.isNaN(base) ? p.fireRise : index - base; // open without a baseline: hold
    const name = p.index === "gini" ? "Gini" : "coefficient of variation";
    push(out, ctx, {
      target: c.name,
      labels: { cluster: c.name },
      status: enough && rise >= p.fireRise && index >= p.fireAbove ? "fire" : !enough || rise < p.clearRise ? "clear" : "hold",
      value: index,
      sampleTs: ts,
      text: `${c.name} ${metricName(p.metric)} skew: ${name} ${fmtNumber(index)} across ${sv.n} shards, up from ${fmtNumber(base)}`,
    });
  }
  return out;
}

export function evaluateShardThreshold(ctx: TEvalContext<R<"shard-threshold">>): TFinding[] {
  const p = ctx.rule.params;
  const out: TFinding[] = [];
  for (const c of ctx.view.clusters.values()) {
    if (!inScope(ctx.rule, c.name)) continue;
    const sv = shardValues(ctx, c, p.metric);
    for (let i = 0; i < sv.n; i++) {
      const v = sv.values[i]!;
      const status = v > p.fireAbove ? "fire" : v < p.clearBelow ? "clear" : "hold";
      if (status === "clear" && !mayBeOpen(ctx, sv.things[i]!, MAKE_ID)) continue;
      const { target, labels } = shardTarget(sv.things[i]!);
      push(out, ctx, {
        target,
        labels,
        status,
        value: v,
        sampleTs: sv.ts[i]!,
        text: `${target} ${metricName(p.metric)} is ${fmtMetric(p.metric, v)} (threshold ${fmtMetric(p.metric, p.fireAbove)})`,
      });
    }
  }
  return out;
}

export function evaluateFleetOutlier(ctx: TEvalContext<R<"fleet-outlier">>): TFinding[] {
  const p = ctx.rule.params;
  const out: TFinding[] = [];
  for (const c of ctx.view.clusters.values()) {
    if (!inScope(ctx.rule, c.name)) continue;
    const sv = shardValues(ctx, c, p.metric);
    const enough = sv.n >= p.minShards;
    const med = enough ? median(sv.values) : NaN;
    for (let i = 0; i < sv.n; i++) {
      const v = sv.values[i]!;
      const ratio = med > 0 ? v / med : v > 0 ? Infinity : 0;
      const status = enough && v >= p.minValue && ratio >= p.fireRatio ? "fire" : !enough || v < p.minValue || ratio < p.clearRatio ? "clear" : "hold";
      if (status === "clear" && !mayBeOpen(ctx, sv.things[i]!, MAKE_ID)) continue;
      const { target, labels } = shardTarget(sv.things[i]!);
      push(out, ctx, {
        target,
        labels,
        status,
        value: ratio,
        sampleTs: sv.ts[i]!,
        text: `${target} ${metricName(p.metric)} is ${fmtMetric(p.metric, v)}, ${fmtNumber(ratio)}× the cluster median (${fmtMetric(p.metric, med)})`,
      });
    }
  }
  return out;
}
