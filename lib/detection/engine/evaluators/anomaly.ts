import { createAnomalyDetector, type TAnomalyDetector } from "@/lib/detection/anomaly";
import { fmtNumber } from "@/lib/detection/engine/format";
import { CACHE_SLOT, SHARD_SLOT, type TClusterView, type TThing } from "@/lib/detection/engine/view";
import type { TRule } from "@/lib/detection/rules/schema";
import { inScope, push, type TEvalContext, type TFinding } from "./types";

type TAnomalyRule = Extract<TRule, { kind: "anomaly" }>;

/** Each series keeps its own detector (about 90 KB, bounded by 1000 CAD contexts); more series: narrow the rule to a cluster. */
export const ANOMALY_MAX_SERIES = 500;

type TTracked = { det: TAnomalyDetector; fedTo: number; score: number };

function thingsOf(c: TClusterView, metric: TAnomalyRule["params"]["metric"]): { things: TThing[]; slot: number } {
  const [entity, name] = metric.split(".") as [string, string];
  if (entity === "shard") return { things: c.shards.things, slot: SHARD_SLOT[name as keyof typeof SHARD_SLOT] };
  if (entity === "replica") return { things: c.replicas.things, slot: 0 };
  return { things: c.caches.things, slot: CACHE_SLOT[name as keyof typeof CACHE_SLOT] };
}

function targetOf(t: TThing): { target: string; labels: TFinding["labels"] } {
  const { cluster, shard, replica, node } = t.labels;
  if (replica) return { target: `${cluster}/${replica}`, labels: { cluster, shard: shard ?? "", replica } };
  if (shard) return { target: `${cluster}/${shard}`, labels: { cluster, shard, ...(node ? { node } : {}) } };
  return { target: `${cluster}/${node ?? ""}`, labels: { cluster, node: node ?? "" } };
}

/** Feeds every new point of each series to its own streaming detector; the latest score decides. */
export function evaluateAnomaly(ctx: TEvalContext<TAnomalyRule>): TFinding[] {
  const p = ctx.rule.params;
  const out: TFinding[] = [];
  const pts = { ts: [] as number[], values: [] as number[] };
  let count = 0;
  for (const c of ctx.view.clusters.values()) {
    if (!inScope(ctx.rule, c.name)) continue;
    const { things, slot } = thingsOf(c, p.metric);
    count += things.length;
    if (count > ANOMALY_MAX_SERIES) {
      throw new Error(`the anomaly rule covers more than ${ANOMALY_MAX_SERIES} series; limit it to one cluster with "cluster"`);
    }
    for (const t of things) {
      const { target, labels } = targetOf(t);
      let tracked = ctx.memory.get(target) as TTracked | undefined;
      if (!tracked) ctx.memory.set(target, (tracked = { det: createAnomalyDetector(), fedTo: -Infinity, score: 0 }));
      ctx.view.range(t.series[slot], tracked.fedTo, pts);
      for (let i = 0; i < pts.ts.length; i++) tracked.score = tracked.det.update(pts.ts[i]!, pts.values[i]!);
      if (!pts.ts.length) continue;
      tracked.fedTo = pts.ts[pts.ts.length - 1]!;
      const v = pts.values[pts.values.length - 1]!;
      const s = tracked.score;
      push(out, ctx, {
        target,
        labels,
        status: s >= p.fireScore ? "fire" : s < p.clearScore ? "clear" : "hold",
        value: s,
        sampleTs: tracked.fedTo,
        text: `${target} ${p.metric} looks anomalous (score ${fmtNumber(s)}, value ${fmtNumber(v)})`,
      });
    }
  }
  return out;
}
