import type { TControlPlane, TShardLoad, TTopology } from "@/lib/control-plane/types";
import { DetectionView, SHARD_SLOT, type TClusterView } from "@/lib/detection/engine/view";
import type { WindowStore } from "@/lib/telemetry/window-store";
import type { TChoiceInput, TExpectation, TNodeFacts, TShardFacts } from "./choose";

// The facts a choice (or a re-check, or a verification) needs, from the live window (loads, lags)
// and the control plane (capacities, sizes, key ranges, what the shard serves key by key).

export type TGatherDeps = {
  store: WindowStore;
  plane: TControlPlane;
  staleMs: number;
  /** The replica-lag SLO in seconds (the enabled replica-lag rule's threshold). */
  replicaLagSloSeconds: number;
};

const BASELINE_FROM_MIN = 30;
const BASELINE_TO_MIN = 2;

function median(xs: number[]): number | null {
  if (!xs.length) return null;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

/** The cluster's total shard qps at time t (each shard's newest point at or before t, if fresh). */
function totalAt(c: TClusterView, t: number, staleMs: number): number | null {
  let total = 0;
  let n = 0;
  for (const s of c.shards.things) {
    const buf = s.series[SHARD_SLOT.qps];
    if (!buf?.length) continue;
    const i = buf.lowerBound(t + 1) - 1;
    if (i >= 0 && buf.tsAt(i) >= t - staleMs) {
      total += buf.valueAt(i);
      n++;
    }
  }
  return n ? total : null;
}

/** The usual rate: the median per-minute total between 30 and 2 minutes ago (a sudden surge does not count; a slow one partly does). */
export function baselineQps(c: TClusterView, now: number, staleMs: number): number | null {
  const xs: number[] = [];
  for (let m = BASELINE_FROM_MIN; m >= BASELINE_TO_MIN; m--) {
    const v = totalAt(c, now - m * 60_000, staleMs);
    if (v !== null) xs.push(v);
  }
  return xs.length >= 3 ? median(xs) : null;
}

function loadFacts(l: TShardLoad): NonNullable<TShardFacts["load"]> {
  return {
    readQps: l.readQps,
    writeQps: l.writeQps,
    replicaReadQps: l.replicaReadQps,
    readsToReplicas: l.readsToReplicas,
    topKeys: l.topKeys,
    salted: l.salted,
    overlaid: l.overlaid,
  };
}

type TLive = { qps: Map<string, number>; node: Map<string, string>; lag: Map<string, number> };

function liveOf(c: TClusterView | undefined): TLive {
  const live: TLive = { qps: new Map(), node: new Map(), lag: new Map() };
  if (!c) return live;
  const qps = c.shards.values[SHARD_SLOT.qps]!;
  c.shards.things.forEach((s, i) => {
    const id = s.labels.shard ?? "";
    if (!Number.isNaN(qps[i]!)) live.qps.set(id, qps[i]!);
    if (s.labels.node) live.node.set(id, s.labels.node);
  });
  const lags = c.replicas.values[0]!;
  c.replicas.things.forEach((r, i) => {
    if (!Number.isNaN(lags[i]!)) live.lag.set(r.labels.replica ?? "", lags[i]!);
  });
  return live;
}

function nodesOf(topo: TTopology, live: TLive): TNodeFacts[] {
  const byNode = new Map<string, TNodeFacts["shards"]>(topo.nodes.map((n) => [n.id, []]));
  for (const s of topo.shards) {
    if (s.status === "retired") continue;
    const node = live.node.get(s.id) ?? s.node;
    let list = byNode.get(node);
    if (!list) byNode.set(node, (list = []));
    list.push({ id: s.id, qps: live.qps.get(s.id) ?? 0, sizeGb: s.sizeGb });
  }
  const capacity = new Map(topo.nodes.map((n) => [n.id, n]));
  return [...byNode.entries()].map(([id, shards]) => ({ id, capacityQps: capacity.get(id)?.capacityQps ?? null, up: capacity.get(id)?.up ?? true, shards }));
}

export async function gatherFacts(deps: TGatherDeps, target: { cluster: string; shard: string | null; trigger: string }, now: number): Promise<TChoiceInput> {
  const view = DetectionView.of(deps.store, now, { staleMs: deps.staleMs });
  const c = view.clusters.get(target.cluster);
  const live = liveOf(c);
  const topo = await deps.plane.describeTopology(target.cluster);
  let qps = 0;
  for (const v of live.qps.values()) qps += v;
  let shard: TShardFacts | null = null;
  if (target.shard) {
    const t = topo.shards.find((s) => s.id === target.shard);
    const load = t ? await deps.plane.inspectShard(target.cluster, t.id) : null;
    if (t)
      shard = {
        id: t.id,
        node: live.node.get(t.id) ?? t.node,
        qps: live.qps.get(t.id) ?? (load ? load.readQps + load.writeQps : 0),
        capacityQps: t.capacityQps,
        sizeGb: t.sizeGb,
        keyRange: t.keyRange,
        replicas: t.replicas.map((r) => ({ id: r.id, node: r.node, lagSeconds: live.lag.get(r.id) ?? null })),
        load: load ? loadFacts(load) : null,
      };
  }
  return {
    trigger: target.trigger,
    cluster: { name: target.cluster, shardCount: live.qps.size || topo.shards.filter((s) => s.status !== "retired").length, qps, baselineQps: c ? baselineQps(c, now, deps.staleMs) : null },
    shard,
    nodes: nodesOf(topo, live),
    copyMBps: topo.copyMBps ?? null,
    replicaLagSloSeconds: deps.replicaLagSloSeconds,
  };
}

/** The current value of a planned expectation: a shard's load (req/s) or a node's utilisation (%). */
export async function measureExpectation(deps: TGatherDeps, cluster: string, e: TExpectation, now: number): Promise<number | null> {
  const view = DetectionView.of(deps.store, now, { staleMs: deps.staleMs });
  const live = liveOf(view.clusters.get(cluster));
  if (e.unit === "req/s") return e.target === "cluster" ? [...live.qps.values()].reduce((a, b) => a + b, 0) : (live.qps.get(e.target) ?? null);
  const topo = await deps.plane.describeTopology(cluster);
  const node = nodesOf(topo, live).find((n) => n.id === e.target);
  if (!node?.capacityQps) return null;
  return Math.round((node.shards.reduce((s, x) => s + x.qps, 0) / node.capacityQps) * 100);
}
