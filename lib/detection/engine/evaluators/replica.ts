import { fmtDuration, fmtNumber } from "@/lib/detection/engine/format";
import { linearFit } from "@/lib/detection/engine/stats";
import { SHARD_SLOT, type TClusterView, type TThing } from "@/lib/detection/engine/view";
import type { TRule } from "@/lib/detection/rules/schema";
import type { TSeriesLabels } from "@/lib/telemetry/points";
import { inScope, mayBeOpen, push, targetId, type TEvalContext, type TFinding, type TTargetId } from "./types";

// Replica rules scan every replica several times per evaluation: they read the view's columns and
// touch a replica's labels only when it is a candidate or has an open alert.

type R<K extends TRule["kind"]> = Extract<TRule, { kind: K }>;

const MAKE_ID = (l: TSeriesLabels) => ({
  target: `${l.cluster}/${l.replica ?? ""}`,
  labels: { cluster: l.cluster, shard: l.shard ?? "", replica: l.replica ?? "" },
});

function replicaTarget(t: TThing): TTargetId {
  return targetId(t, MAKE_ID);
}

export function evaluateReplicaLag(ctx: TEvalContext<R<"replica-lag">>): TFinding[] {
  const p = ctx.rule.params;
  const out: TFinding[] = [];
  for (const c of ctx.view.clusters.values()) {
    if (!inScope(ctx.rule, c.name)) continue;
    const g = c.replicas;
    const lags = g.values[0]!;
    for (let i = 0; i < lags.length; i++) {
      const lag = lags[i]!;
      if (Number.isNaN(lag)) continue;
      const status = lag > p.fireAboveSeconds ? "fire" : lag < p.clearBelowSeconds ? "clear" : "hold";
      if (status === "clear" && !mayBeOpen(ctx, g.things[i]!, MAKE_ID)) continue;
      const { target, labels } = replicaTarget(g.things[i]!);
      push(out, ctx, {
        target,
        labels,
        status,
        value: lag,
        sampleTs: g.times[0]![i]!,
        text: `${target} is ${fmtNumber(lag)} s behind (SLO ${fmtNumber(p.fireAboveSeconds)} s)`,
      });
    }
  }
  return out;
}

export function evaluateReplicaLagGrowth(ctx: TEvalContext<R<"replica-lag-growth">>): TFinding[] {
  const p = ctx.rule.params;
  const out: TFinding[] = [];
  const pts = { ts: [] as number[], values: [] as number[] };
  for (const c of ctx.view.clusters.values()) {
    if (!inScope(ctx.rule, c.name)) continue;
    const g = c.replicas;
    const lags = g.values[0]!;
    for (let i = 0; i < lags.length; i++) {
      const lag = lags[i]!;
      if (Number.isNaN(lag)) continue;
      const r = g.things[i]!;
      if (lag < p.minLagSeconds && !mayBeOpen(ctx, r, MAKE_ID)) continue; // most replicas are far below it
      const { target, labels } = replicaTarget(r);
      ctx.view.range(r.series[0], ctx.view.now - p.windowSeconds * 1000, pts);
      if (pts.ts.length < 3) continue;
      const { slope: perMs, r2 } = linearFit(pts.ts, pts.values);
      const slope = perMs * 1000;
      const fire = lag >= p.minLagSeconds && slope >= p.fireSlope && r2 >= p.minR2;
      const clear = slope < p.clearSlope || lag < p.minLagSeconds / 2;
      push(out, ctx, {
        target,
        labels,
        status: fire ? "fire" : clear ? "clear" : "hold",
        value: slope,
        sampleTs: pts.ts[pts.ts.length - 1]!,
        text: `${target} lag grows ${fmtNumber(slope)} s every second (now ${fmtNumber(lag)} s behind)`,
      });
    }
  }
  return out;
}

function shardQpsById(c: TClusterView): Map<string, number> {
  const m = new Map<string, number>();
  const qps = c.shards.values[SHARD_SLOT.qps]!;
  c.shards.things.forEach((s, i) => m.set(s.labels.shard ?? "", qps[i]!));
  return m;
}

export function evaluateReplicaStalled(ctx: TEvalContext<R<"replica-stalled">>): TFinding[] {
  const p = ctx.rule.params;
  const out: TFinding[] = [];
  const pts = { ts: [] as number[], values: [] as number[] };
  for (const c of ctx.view.clusters.values()) {
    if (!inScope(ctx.rule, c.name)) continue;
    const g = c.replicas;
    const lags = g.values[0]!;
    const prev = g.prev[0]!;
    let shardQps: Map<string, number> | undefined;
    for (let i = 0; i < lags.length; i++) {
      const lag = lags[i]!;
      // Cheap filter: a healthy replica's lag moves from one sample to the next.
      if (Number.isNaN(lag) || (prev[i] !== lag && !mayBeOpen(ctx, g.things[i]!, MAKE_ID))) continue;
      const r = g.things[i]!;
      const { target, labels } = replicaTarget(r);
      ctx.view.range(r.series[0], ctx.view.now - p.windowSeconds * 1000, pts);
      const span = pts.ts.length ? pts.ts[pts.ts.length - 1]! - pts.ts[0]! : 0;
      const flat = pts.values.every((v) => v === lag);
      shardQps ??= shardQpsById(c);
      const qps = shardQps.get(r.labels.shard ?? "") ?? NaN;
      // The window must be (nearly) covered: at least all but one sample interval of it.
      const covered = pts.ts.length >= 3 && span >= p.windowSeconds * 1000 * 0.75;
      const fire = flat && covered && qps >= p.minShardQps;
      push(out, ctx, {
        target,
        labels,
        status: fire ? "fire" : flat ? "hold" : "clear",
        value: lag,
        sampleTs: pts.ts[pts.ts.length - 1] ?? ctx.view.now,
        text: `${target} reports exactly ${fmtNumber(lag)} s of lag for ${fmtDuration(span)} while ${r.labels.shard} takes ${fmtNumber(qps)} qps: replication looks stalled`,
      });
    }
  }
  return out;
}

export function evaluateReplicaMissing(ctx: TEvalContext<R<"replica-missing">>): TFinding[] {
  const silentMs = ctx.rule.params.silentSeconds * 1000;
  const out: TFinding[] = [];
  const now = ctx.view.now;
  for (const c of ctx.view.clusters.values()) {
    if (!inScope(ctx.rule, c.name)) continue;
    // The cluster reports when its freshest shard point is recent: a silent pusher is not a broken replica.
    let reporting = -Infinity;
    for (const t of c.shards.seen[SHARD_SLOT.qps]!) if (t > reporting) reporting = t;
    const clusterUp = now - reporting < silentMs / 2;
    const g = c.replicas;
    const seenCol = g.seen[0]!;
    for (let i = 0; i < seenCol.length; i++) {
      const seen = seenCol[i]!;
      if (Number.isNaN(seen)) continue;
      const silent = now - seen;
      const status = clusterUp && silent >= silentMs ? "fire" : silent < silentMs ? "clear" : "hold";
      if (status === "clear" && !mayBeOpen(ctx, g.things[i]!, MAKE_ID)) continue;
      const { target, labels } = replicaTarget(g.things[i]!);
      push(out, ctx, {
        target,
        labels,
        status,
        value: silent / 1000,
        sampleTs: seen + silentMs,
        text: `${target} has not reported for ${fmtDuration(silent)} while ${c.name} reports: replication may be broken`,
      });
    }
  }
  return out;
}
