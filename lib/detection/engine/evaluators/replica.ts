import { fmtDuration, fmtNumber } from "@/lib/detection/engine/format";
import { linearFit } from "@/lib/detection/engine/stats";
import { SHARD_SLOT, type TClusterView, type TThing } from "@/lib/detection/engine/view";
import type { TRule } from "@/lib/detection/rules/schema";
import { inScope, push, type TEvalContext, type TFinding } from "./types";

type R<K extends TRule["kind"]> = Extract<TRule, { kind: K }>;

function replicaTarget(t: TThing): { target: string; labels: TFinding["labels"] } {
  const { cluster, shard = "", replica = "" } = t.labels;
  return { target: `${cluster}/${replica}`, labels: { cluster, shard, replica } };
}

/** Replicas of the clusters in the rule's scope, with their cluster (a plain array: rules run hot). */
function replicasInScope(ctx: TEvalContext): { c: TClusterView; r: TThing }[] {
  const out: { c: TClusterView; r: TThing }[] = [];
  for (const c of ctx.view.clusters.values()) if (inScope(ctx.rule, c.name)) for (const r of c.replicas) out.push({ c, r });
  return out;
}

export function evaluateReplicaLag(ctx: TEvalContext<R<"replica-lag">>): TFinding[] {
  const p = ctx.rule.params;
  const out: TFinding[] = [];
  for (const { r } of replicasInScope(ctx)) {
    const lag = r.values[0]!;
    if (Number.isNaN(lag)) continue;
    const { target, labels } = replicaTarget(r);
    const status = lag > p.fireAboveSeconds ? "fire" : lag < p.clearBelowSeconds ? "clear" : "hold";
    if (status === "clear" && !ctx.open.has(target)) continue;
    push(out, ctx, {
      target,
      labels,
      status,
      value: lag,
      sampleTs: r.times[0]!,
      text: `${target} is ${fmtNumber(lag)} s behind (SLO ${fmtNumber(p.fireAboveSeconds)} s)`,
    });
  }
  return out;
}

export function evaluateReplicaLagGrowth(ctx: TEvalContext<R<"replica-lag-growth">>): TFinding[] {
  const p = ctx.rule.params;
  const out: TFinding[] = [];
  const pts = { ts: [] as number[], values: [] as number[] };
  for (const { r } of replicasInScope(ctx)) {
    const lag = r.values[0]!;
    if (Number.isNaN(lag)) continue;
    const { target, labels } = replicaTarget(r);
    const open = ctx.open.has(target);
    if (lag < p.minLagSeconds && !open) continue; // cheap filter: most replicas are far below it
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
  return out;
}

function shardsById(c: TClusterView): Map<string, TThing> {
  const m = new Map<string, TThing>();
  for (const s of c.shards) m.set(s.labels.shard ?? "", s);
  return m;
}

export function evaluateReplicaStalled(ctx: TEvalContext<R<"replica-stalled">>): TFinding[] {
  const p = ctx.rule.params;
  const out: TFinding[] = [];
  const pts = { ts: [] as number[], values: [] as number[] };
  let shards: Map<string, TThing> | undefined;
  let shardsOf: TClusterView | undefined;
  for (const { c, r } of replicasInScope(ctx)) {
    const buf = r.series[0];
    const lag = r.values[0]!;
    if (Number.isNaN(lag) || !buf) continue;
    const { target, labels } = replicaTarget(r);
    // Cheap filter: a healthy replica's lag moves from one sample to the next.
    const last = buf.lowerBound(ctx.view.now + 1) - 1;
    if (last < 1 || (buf.valueAt(last - 1) !== lag && !ctx.open.has(target))) continue;
    ctx.view.range(buf, ctx.view.now - p.windowSeconds * 1000, pts);
    const span = pts.ts.length ? pts.ts[pts.ts.length - 1]! - pts.ts[0]! : 0;
    const flat = pts.values.every((v) => v === lag);
    if (shardsOf !== c) [shards, shardsOf] = [shardsById(c), c];
    const shardQps = shards!.get(r.labels.shard ?? "")?.values[SHARD_SLOT.qps] ?? NaN;
    // The window must be (nearly) covered: at least all but one sample interval of it.
    const covered = pts.ts.length >= 3 && span >= p.windowSeconds * 1000 * 0.75;
    const fire = flat && covered && shardQps >= p.minShardQps;
    push(out, ctx, {
      target,
      labels,
      status: fire ? "fire" : flat ? "hold" : "clear",
      value: lag,
      sampleTs: pts.ts[pts.ts.length - 1] ?? ctx.view.now,
      text: `${target} reports exactly ${fmtNumber(lag)} s of lag for ${fmtDuration(span)} while ${r.labels.shard} takes ${fmtNumber(shardQps)} qps: replication looks stalled`,
    });
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
    for (const s of c.shards) reporting = Math.max(reporting, s.seen[SHARD_SLOT.qps]! || -Infinity);
    const clusterUp = now - reporting < silentMs / 2;
    for (const r of c.replicas) {
      const seen = r.seen[0]!;
      if (Number.isNaN(seen)) continue;
      const { target, labels } = replicaTarget(r);
      const silent = now - seen;
      const status = clusterUp && silent >= silentMs ? "fire" : silent < silentMs ? "clear" : "hold";
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
