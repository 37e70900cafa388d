import type { TOperationKind } from "@/lib/control-plane/types";

// From an alert's signal to ranked mitigations, each with the reason and a dry-run plan, and the
// catalog actions that cannot help (with why). Pure: the caller gathers the facts (the live window,
// the control plane's topology and its inspectShard answer) and hands them in.
//
// Diagnosis, in order:
//   replica lag while reads go to replicas   → send reads back to the primary (if it has room)
//   the whole cluster surged, evenly          → throttle the cluster near its usual rate
//   one key carries most of the shard         → read-heavy: cache overlay, reads to replicas, salting
//                                               write-heavy: salting, throttle. Never a split.
//   the shard's node is saturated by several  → move the hottest of them to the coolest node
//     warm shards, none hot on its own
//   a hot key range (many keys)               → read-heavy with healthy replicas: reads to replicas, then split
//                                               otherwise: split at the load median, then move

export type TKeyLoad = { key: string; readQps: number; writeQps: number };

/** What the data plane says the shard serves (the control plane's inspectShard). */
export type TShardLoadFacts = {
  readQps: number;
  writeQps: number;
  replicaReadQps: number;
  readsToReplicas: number;
  topKeys: TKeyLoad[];
  salted: string[];
  overlaid: string[];
  /** Requests/s over equal-width slices of the key range, low to high, when the plane reports them. */
  rangeQps?: number[];
};

export type TShardFacts = {
  id: string;
  node: string;
  /** Requests/s at the primary, from telemetry. */
  qps: number;
  capacityQps: number | null;
  sizeGb: number | null;
  /** Ring positions as 8 hex digits, [start, end). */
  keyRange: { start: string; end: string } | null;
  replicas: { id: string; node: string | null; lagSeconds: number | null }[];
  load: TShardLoadFacts | null;
};

export type TNodeFacts = { id: string; capacityQps: number | null; up: boolean; shards: { id: string; qps: number; sizeGb?: number | null }[] };

export type TChoiceInput = {
  /** The rule kind that fired (or "manual" for an operator's request through the API). */
  trigger: string;
  cluster: { name: string; shardCount: number; qps: number; baselineQps: number | null };
  shard: TShardFacts | null;
  nodes: TNodeFacts[];
  /** The plane's copy rate; null: DEFAULT_COPY_MBPS. */
  copyMBps: number | null;
  replicaLagSloSeconds: number;
};

export type TExpectation = { what: string; target: string; before: number; after: number; unit: "req/s" | "%" };
export type TPlan = { steps: string[]; copyGb: number; estimatedSeconds: number; expected: TExpectation[] };
export type TProposalDraft = { action: TOperationKind; target: string; params: Record<string, unknown>; rationale: string; plan: TPlan };
export type TDiagnosis = "replica-read-lag" | "surge" | "single-hot-key" | "noisy-neighbour" | "warm-node" | "hot-range" | "unclear";
export type TChoice = { diagnosis: TDiagnosis; summary: string; proposals: TProposalDraft[]; cannotHelp: { action: TOperationKind; reason: string }[] };

export const DEFAULT_COPY_MBPS = 100;
/** Load a shard or node is planned down to: 70% of capacity leaves room for the next surge. */
export const TARGET_UTILISATION = 0.7;
const HOT_KEY_SHARE = 0.5;
const READ_HEAVY = 0.75;
const SURGE_RATIO = 1.5;
const MEDIAN_SURGE_RATIO = 1.3;
const NODE_SATURATED = 0.9;

const round = (v: number, to = 1) => Math.round(v / to) * to;
const fmtQps = (v: number) => `${Math.round(v).toLocaleString("en-US")} req/s`;
const fmtPct = (v: number) => `${Math.round(v * 100)}%`;

/** The median shard's load against the usual fair share (baseline / shards); 0 when unknown. */
function medianRise(input: TChoiceInput): number {
  const loads = input.nodes.flatMap((n) => n.shards.map((s) => s.qps)).sort((a, b) => a - b);
  const { baselineQps, shardCount } = input.cluster;
  if (!loads.length || !baselineQps || !shardCount) return 0;
  return loads[Math.floor(loads.length / 2)]! / (baselineQps / shardCount);
}

function fairQps(c: TChoiceInput["cluster"]): number {
  return c.shardCount > 0 ? c.qps / c.shardCount : 0;
}

/** The load a shard is planned down to: 70% of its capacity, or 1.5× its fair share when capacity is unknown. */
function shardTarget(input: TChoiceInput, shard: TShardFacts): number {
  return shard.capacityQps ? shard.capacityQps * TARGET_UTILISATION : 1.5 * fairQps(input.cluster);
}

function copyPlan(input: TChoiceInput, copyGb: number): { seconds: number; rate: number } {
  const rate = input.copyMBps ?? DEFAULT_COPY_MBPS;
  const copy = (copyGb * 1024) / rate;
  // copy, catch up (about a tenth of the copy), verify, cut over: the shape every data move has.
  return { seconds: Math.ceil(copy * 1.1 + 3 + 5 + 2), rate };
}

function nodeQps(n: TNodeFacts): number {
  return n.shards.reduce((s, x) => s + x.qps, 0);
}

function util(n: TNodeFacts): number | null {
  return n.capacityQps ? nodeQps(n) / n.capacityQps : null;
}

/** The up node with the most headroom, other than `except`. */
function coolestNode(input: TChoiceInput, except: string[]): TNodeFacts | null {
  const candidates = input.nodes.filter((n) => n.up && !except.includes(n.id));
  if (!candidates.length) return null;
  const headroom = (n: TNodeFacts) => (n.capacityQps ?? 0) - nodeQps(n);
  return candidates.reduce((best, n) => (headroom(n) > headroom(best) || (headroom(n) === headroom(best) && n.id < best.id) ? n : best));
}

function healthyReplicas(input: TChoiceInput, shard: TShardFacts) {
  return shard.replicas.filter((r) => r.lagSeconds !== null && r.lagSeconds < input.replicaLagSloSeconds / 2);
}

const hexToPos = (h: string) => parseInt(h, 16);
const posToHex = (p: number) => Math.floor(p).toString(16).padStart(8, "0");
/** The last range on the ring ends at 2^32, written 00000000 by some planes. */
const endPos = (h: string) => (hexToPos(h) === 0 ? 2 ** 32 : hexToPos(h));

/** The ring position under which half the shard's load lies (the midpoint when the plane reports no slices). */
export function splitPoint(range: { start: string; end: string }, rangeQps?: number[]): string {
  const a = hexToPos(range.start);
  const b = endPos(range.end);
  const total = rangeQps?.reduce((s, v) => s + v, 0) ?? 0;
  if (!rangeQps?.length || !(total > 0)) return posToHex((a + b) / 2);
  const width = (b - a) / rangeQps.length;
  let acc = 0;
  for (let i = 0; i < rangeQps.length; i++) {
    const v = rangeQps[i]!;
    if (acc + v >= total / 2) {
      const within = v > 0 ? (total / 2 - acc) / v : 0.5;
      // Keep the point strictly inside the range and on a whole position.
      const pos = Math.min(b - 1, Math.max(a + 1, Math.round(a + (i + within) * width)));
      return posToHex(pos);
    }
    acc += v;
  }
  return posToHex((a + b) / 2);
}

// ---- the catalog's proposals ----

function proposeSplit(input: TChoiceInput, shard: TShardFacts, why: string, opts: { at?: string; toNode?: string } = {}): TProposalDraft | null {
  const to = opts.toNode ? (input.nodes.find((n) => n.id === opts.toNode) ?? null) : coolestNode(input, [shard.node]);
  if (!to || !shard.keyRange) return null;
  const at = opts.at ?? splitPoint(shard.keyRange, shard.load?.rangeQps);
  const a = hexToPos(shard.keyRange.start);
  const b = endPos(shard.keyRange.end);
  const copyGb = round(((shard.sizeGb ?? 0) * (b - hexToPos(at))) / (b - a), 0.01);
  const { seconds, rate } = copyPlan(input, copyGb);
  const after = shard.qps / 2;
  return {
    action: "split",
    target: shard.id,
    params: { at, toNode: to.id },
    rationale: why,
    plan: {
      steps: [
        `Copy keys ${at}…${shard.keyRange.end} (${copyGb} GB) from ${shard.id} on ${shard.node} to a new shard on ${to.id}, at about ${rate} MB/s`,
        "Catch up the writes made during the copy",
        "Verify the copy",
        "Cut over routing (writes buffered for about 2 s), bump the routing version",
        `Check that ${shard.id} falls to about ${fmtQps(after)}`,
      ],
      copyGb,
      estimatedSeconds: seconds,
      expected: [{ what: "load", target: shard.id, before: round(shard.qps), after: round(after), unit: "req/s" }],
    },
  };
}

function proposeMove(input: TChoiceInput, shard: TShardFacts, node: TNodeFacts, why: string, toNode?: string): TProposalDraft | null {
  const to = toNode ? (input.nodes.find((n) => n.id === toNode) ?? null) : coolestNode(input, [node.id]);
  if (!to) return null;
  const copyGb = round(shard.sizeGb ?? 0, 0.01);
  const { seconds, rate } = copyPlan(input, copyGb);
  const expected: TExpectation[] = [];
  const fromUtil = util(node);
  const toUtil = util(to);
  if (fromUtil !== null && node.capacityQps)
    expected.push({ what: "node utilisation", target: node.id, before: round(fromUtil * 100), after: round(((nodeQps(node) - shard.qps) / node.capacityQps) * 100), unit: "%" });
  if (toUtil !== null && to.capacityQps)
    expected.push({ what: "node utilisation", target: to.id, before: round(toUtil * 100), after: round(((nodeQps(to) + shard.qps) / to.capacityQps) * 100), unit: "%" });
  return {
    action: "move",
    target: shard.id,
    params: { toNode: to.id },
    rationale: why,
    plan: {
      steps: [
        `Copy ${shard.id} (${copyGb} GB) from ${node.id} to ${to.id}, at about ${rate} MB/s`,
        "Catch up the writes made during the copy",
        "Verify the copy",
        "Cut over routing (writes buffered for about 2 s), bump the routing version",
        `Check that ${node.id} falls below ${fmtPct(TARGET_UTILISATION)} of its capacity`,
      ],
      copyGb,
      estimatedSeconds: seconds,
      expected,
    },
  };
}

function proposeThrottle(input: TChoiceInput, target: string, limitQps: number, before: number, why: string): TProposalDraft {
  return {
    action: "throttle",
    target,
    params: { target, limitQps: round(limitQps) },
    rationale: why,
    plan: {
      steps: [
        `Limit ${target === "cluster" ? `cluster ${input.cluster.name}` : target} to ${fmtQps(limitQps)}; requests beyond it are refused with a retryable error`,
        "Check that latency recovers; lift the limit (roll back) once the source is fixed",
      ],
      copyGb: 0,
      estimatedSeconds: 2,
      expected: [{ what: "load", target, before: round(before), after: round(Math.min(before, limitQps)), unit: "req/s" }],
    },
  };
}

function keyQps(k: TKeyLoad): number {
  return k.readQps + k.writeQps;
}

function proposeSalting(input: TChoiceInput, shard: TShardFacts, key: TKeyLoad, why: string): TProposalDraft {
  const rest = Math.max(0, shard.qps - keyQps(key));
  const room = Math.max(shardTarget(input, shard) - rest, fairQps(input.cluster) * 0.25, 1);
  const buckets = Math.min(64, Math.max(2, 2 ** Math.ceil(Math.log2(keyQps(key) / room))));
  const after = rest + keyQps(key) / buckets;
  return {
    action: "key-salting",
    target: key.key,
    params: { key: key.key, buckets },
    rationale: why,
    plan: {
      steps: [
        `Salt ${key.key} over ${buckets} buckets (${key.key}#0…#${buckets - 1}): its ${fmtQps(keyQps(key))} spread over up to ${buckets} shards`,
        "Readers of the key fan out over the buckets and merge; writers pick one bucket",
        `Check that ${shard.id} falls to about ${fmtQps(after)}`,
      ],
      copyGb: 0,
      estimatedSeconds: 2,
      expected: [{ what: "load", target: shard.id, before: round(shard.qps), after: round(after), unit: "req/s" }],
    },
  };
}

function proposeOverlay(shard: TShardFacts, key: TKeyLoad, why: string): TProposalDraft {
  const ttlSeconds = 5;
  const after = shard.qps - key.readQps * 0.98;
  return {
    action: "cache-overlay",
    target: key.key,
    params: { keys: [key.key], ttlSeconds },
    rationale: why,
    plan: {
      steps: [
        `Serve reads of ${key.key} from the cache with a ${ttlSeconds} s TTL (reads may be up to ${ttlSeconds} s stale)`,
        `Check that ${shard.id} falls to about ${fmtQps(after)}`,
      ],
      copyGb: 0,
      estimatedSeconds: 2,
      expected: [{ what: "load", target: shard.id, before: round(shard.qps), after: round(Math.max(0, after)), unit: "req/s" }],
    },
  };
}

function proposeReadsToReplicas(input: TChoiceInput, shard: TShardFacts, load: TShardLoadFacts, why: string): TProposalDraft | null {
  const replicas = healthyReplicas(input, shard);
  if (!replicas.length) return null;
  const reads = load.readQps + load.replicaReadQps;
  const excess = shard.qps - shardTarget(input, shard);
  // Enough of the reads to bring the primary to its target, at least half, at most 90%.
  const fraction = Math.min(0.9, Math.max(0.5, Math.ceil((excess / Math.max(reads, 1)) * 10) / 10));
  const after = shard.qps - (reads * fraction - load.replicaReadQps);
  return {
    action: "reads-to-replicas",
    target: shard.id,
    params: { shard: shard.id, fraction },
    rationale: why,
    plan: {
      steps: [
        `Route ${fmtPct(fraction)} of ${shard.id}'s reads to its ${replicas.length} replica${replicas.length > 1 ? "s" : ""} (${replicas.map((r) => r.id).join(", ")}); reads there may be up to the replication lag stale`,
        `Check that ${shard.id} falls to about ${fmtQps(after)} and that replica lag stays under ${input.replicaLagSloSeconds} s`,
      ],
      copyGb: 0,
      estimatedSeconds: 2,
      expected: [{ what: "load", target: shard.id, before: round(shard.qps), after: round(Math.max(0, after)), unit: "req/s" }],
    },
  };
}

// ---- diagnosis ----

function dominantKey(shard: TShardFacts): { key: TKeyLoad; share: number } | null {
  const load = shard.load;
  if (!load?.topKeys.length) return null;
  const total = load.readQps + load.writeQps + load.replicaReadQps;
  const top = load.topKeys.reduce((a, b) => (keyQps(b) > keyQps(a) ? b : a));
  const share = total > 0 ? keyQps(top) / total : 0;
  return share >= HOT_KEY_SHARE ? { key: top, share } : null;
}

export function chooseMitigations(input: TChoiceInput): TChoice {
  const { cluster, shard } = input;
  const cannotHelp: TChoice["cannotHelp"] = [];
  const proposals: (TProposalDraft | null)[] = [];
  const fair = fairQps(cluster);

  // Replica lag caused by reads we sent to the replicas: take them back.
  if (shard?.load && input.trigger.startsWith("replica-") && shard.load.readsToReplicas > 0) {
    const load = shard.load;
    const room = shard.capacityQps ? shard.capacityQps * TARGET_UTILISATION - shard.qps : Infinity;
    const fraction = room >= load.replicaReadQps ? 0 : Math.max(0, Math.floor(((load.replicaReadQps - room) / Math.max(1, load.replicaReadQps + load.readQps)) * 10) / 10);
    proposals.push({
      action: "reads-to-replicas",
      target: shard.id,
      params: { shard: shard.id, fraction },
      rationale: `${fmtPct(load.readsToReplicas)} of ${shard.id}'s reads go to its replicas (${fmtQps(load.replicaReadQps)}) and a replica lags: ${fraction === 0 ? "the primary has room to take them all back" : `the primary has room for part of them; keep ${fmtPct(fraction)} on the replicas`}.`,
      plan: {
        steps: [`Route ${fmtPct(fraction)} of ${shard.id}'s reads to replicas (now ${fmtPct(load.readsToReplicas)})`, `Check that replica lag falls under ${input.replicaLagSloSeconds} s`],
        copyGb: 0,
        estimatedSeconds: 2,
        expected: [{ what: "load", target: shard.id, before: round(shard.qps), after: round(shard.qps + load.replicaReadQps * (1 - fraction / Math.max(load.readsToReplicas, 0.01))), unit: "req/s" }],
      },
    });
    cannotHelp.push({ action: "split", reason: "The lag comes from read load on the replicas, not from the primary's key range." });
    return finish("replica-read-lag", `Replica lag on ${shard.id} follows the reads routed to its replicas.`, proposals, cannotHelp);
  }

  // The whole cluster surged evenly: no placement change helps. Evenly: the median shard rose too
  // (a few hot shards raise the total, not the median).
  if (cluster.baselineQps && cluster.qps >= SURGE_RATIO * cluster.baselineQps && medianRise(input) >= MEDIAN_SURGE_RATIO) {
    const limit = cluster.baselineQps * 1.1;
    proposals.push(
      proposeThrottle(
        input,
        "cluster",
        limit,
        cluster.qps,
        `Cluster ${cluster.name} takes ${fmtQps(cluster.qps)}, ${(cluster.qps / cluster.baselineQps).toFixed(1)}× its usual ${fmtQps(cluster.baselineQps)}, across its shards: a client or a retry storm, not a placement problem. Throttling at 110% of the usual rate sheds the excess.`,
      ),
    );
    for (const action of ["split", "move"] as const)
      cannotHelp.push({ action, reason: `Every shard carries the surge; ${action === "split" ? "splitting" : "moving"} one shard does not lower the total.` });
    return finish("surge", `Cluster-wide surge: ${(cluster.qps / cluster.baselineQps).toFixed(1)}× the usual rate.`, proposals, cannotHelp);
  }

  if (!shard) return finish("unclear", "The alert does not name a shard, and the cluster's total is normal: no catalog action applies.", [], cannotHelp);

  const hot = dominantKey(shard);
  const replicas = healthyReplicas(input, shard);
  if (hot) {
    const { key, share } = hot;
    const kq = keyQps(key);
    const readFrac = kq > 0 ? key.readQps / kq : 0;
    const base = `${key.key} alone carries ${fmtPct(share)} of ${shard.id}'s load (${fmtQps(kq)}, ${fmtPct(readFrac)} reads)`;
    cannotHelp.push({ action: "split", reason: `One key cannot be split: ${key.key} stays whole on one side, so its shard stays hot.` });
    cannotHelp.push({ action: "move", reason: `Moving ${shard.id} moves ${key.key} with it; the new node gets the same hot shard.` });
    if (readFrac >= READ_HEAVY) {
      if (!shard.load?.overlaid.includes(key.key)) proposals.push(proposeOverlay(shard, key, `${base}: a cache overlay serves its reads without touching the shard.`));
      if (replicas.length && shard.load) proposals.push(proposeReadsToReplicas(input, shard, shard.load, `${base}: its replicas are healthy and can share the reads.`));
      if (!shard.load?.salted.includes(key.key)) proposals.push(proposeSalting(input, shard, key, `${base}: salting spreads it over several shards; readers have to fan out.`));
    } else {
      if (!shard.load?.salted.includes(key.key)) proposals.push(proposeSalting(input, shard, key, `${base}: mostly writes, which neither a cache nor replicas absorb; salting spreads them over several shards.`));
      proposals.push(proposeThrottle(input, shard.id, shardTarget(input, shard), shard.qps, `${base}: throttling ${shard.id} protects its other keys until the writer is fixed.`));
      cannotHelp.push({ action: "cache-overlay", reason: `${key.key} is ${fmtPct(1 - readFrac)} writes; a cache only absorbs reads.` });
    }
    return finish("single-hot-key", `One hot key: ${key.key} on ${shard.id}.`, proposals, cannotHelp);
  }

  const node = input.nodes.find((n) => n.id === shard.node);
  const nodeUtil = node ? util(node) : null;

  // The alerted shard is not hot itself (its p99 or cpu suffers): the cause is its node's load.
  if (fair > 0 && shard.qps < 1.2 * fair) {
    cannotHelp.push({ action: "split", reason: `${shard.id} is not hot (${(shard.qps / fair).toFixed(1)}× its fair share): splitting it does not lower what its node carries.` });
    if (node && nodeUtil !== null && nodeUtil >= NODE_SATURATED) {
      const hottest = node.shards.reduce((a, b) => (b.qps > a.qps ? b : a));
      if (hottest.id !== shard.id) {
        proposals.push(
          proposeMove(
            input,
            { ...shard, id: hottest.id, qps: hottest.qps, sizeGb: hottest.sizeGb ?? null, load: null },
            node,
            `${shard.id} takes ${fmtQps(shard.qps)}, ${(shard.qps / fair).toFixed(1)}× its fair share, but shares ${node.id}, which runs at ${fmtPct(nodeUtil)} because ${hottest.id} takes ${fmtQps(hottest.qps)}: moving ${hottest.id} to the coolest node relieves its neighbours (its own alert has its own proposals).`,
          ),
        );
        return finish("noisy-neighbour", `${shard.id} suffers from its node ${node.id}, loaded by ${hottest.id}.`, proposals, cannotHelp);
      }
    }
    return finish("unclear", `${shard.id} takes less than 1.2× its fair share and its node is not saturated: no catalog action fits (look at its host).`, [], cannotHelp);
  }
  const warm = node ? node.shards.filter((s) => s.qps > 1.2 * fair) : [];
  const shardHotAlone = shard.capacityQps ? shard.qps >= shard.capacityQps * 0.9 : shard.qps >= 2 * fair;
  if (node && nodeUtil !== null && nodeUtil >= NODE_SATURATED && warm.length >= 2 && !shardHotAlone) {
    const hottest = node.shards.reduce((a, b) => (b.qps > a.qps ? b : a));
    const move = proposeMove(
      input,
      hottest.id === shard.id ? shard : { ...shard, id: hottest.id, qps: hottest.qps, sizeGb: hottest.sizeGb ?? null, load: null },
      node,
      `${node.id} runs at ${fmtPct(nodeUtil)} of its capacity with ${warm.length} warm shards (${warm.map((s) => s.id).join(", ")}); none is hot alone. Moving ${hottest.id} (${fmtQps(hottest.qps)}) to the coolest node relieves the node.`,
    );
    proposals.push(move);
    cannotHelp.push({ action: "split", reason: `No single shard is over its capacity; the node is. A split adds copy load to ${node.id} first.` });
    return finish("warm-node", `${node.id} is saturated by ${warm.length} warm shards.`, proposals, cannotHelp);
  }

  // A hot range with many keys.
  const load = shard.load;
  const reads = load ? load.readQps + load.replicaReadQps : null;
  const readFrac = load && reads !== null && reads + load.writeQps > 0 ? reads / (reads + load.writeQps) : null;
  const base = `${shard.id} takes ${fmtQps(shard.qps)}, ${fair > 0 ? `${(shard.qps / fair).toFixed(1)}× its fair share` : "more than its share"}, spread over many keys${readFrac !== null ? ` (${fmtPct(readFrac)} reads)` : ""}`;
  if (load && readFrac !== null && readFrac >= READ_HEAVY && replicas.length && load.readsToReplicas < 0.5) {
    proposals.push(proposeReadsToReplicas(input, shard, load, `${base}: its ${replicas.length} replica${replicas.length > 1 ? "s are" : " is"} healthy, so routing reads there is the cheapest fix (no data moves).`));
    proposals.push(proposeSplit(input, shard, `${base}: splitting the range over two nodes halves it for good, at the cost of copying data.`));
  } else {
    proposals.push(proposeSplit(input, shard, `${base}: splitting the range at its load median puts half of it on another node.`));
    if (node && nodeUtil !== null && nodeUtil >= TARGET_UTILISATION) proposals.push(proposeMove(input, shard, node, `${base}, and ${node.id} is at ${fmtPct(nodeUtil)}: moving it to a cooler node gives it room, but does not spread the range.`));
    if (readFrac !== null && readFrac < READ_HEAVY) cannotHelp.push({ action: "reads-to-replicas", reason: `${fmtPct(1 - readFrac)} of the load is writes, which replicas cannot take.` });
  }
  cannotHelp.push({ action: "key-salting", reason: "No single key dominates; salting one key would not move the load." });
  return finish("hot-range", `A hot key range on ${shard.id}.`, proposals, cannotHelp);
}

function finish(diagnosis: TDiagnosis, summary: string, proposals: (TProposalDraft | null)[], cannotHelp: TChoice["cannotHelp"]): TChoice {
  return { diagnosis, summary, proposals: proposals.filter((p): p is TProposalDraft => p !== null), cannotHelp };
}

export type TRequestedAction = { action: "split"; at?: string; toNode?: string } | { action: "move"; toNode: string } | { action: "throttle"; limitQps: number };

/**
 * A draft for an action a person asked for (the control-plane API), planned like the catalog's own,
 * with Shardwatch's diagnosis in the rationale and its objection when it would not choose it.
 * Null with a reason when it cannot be planned (no such node, no key range).
 */
export function draftRequested(input: TChoiceInput, req: TRequestedAction, who: string): { draft: TProposalDraft | null; reason: string | null; choice: TChoice } {
  const choice = chooseMitigations(input);
  const shard = input.shard;
  if (!shard) return { draft: null, reason: "the shard is not in the control plane's topology", choice };
  const objection = choice.cannotHelp.find((c) => c.action === req.action)?.reason;
  const why = `Requested by ${who}. Shardwatch's diagnosis: ${choice.summary}${objection ? ` It would not choose this: ${objection}` : ""}`;
  if (req.action === "split") {
    const d = proposeSplit(input, shard, why, req);
    return { draft: d, reason: d ? null : req.toNode ? `no node "${req.toNode}" in the cluster` : "no other node is up, or the shard has no key range", choice };
  }
  if (req.action === "move") {
    const node = input.nodes.find((n) => n.id === shard.node) ?? { id: shard.node, capacityQps: null, up: true, shards: [{ id: shard.id, qps: shard.qps }] };
    if (req.toNode === shard.node) return { draft: null, reason: `${shard.id} is already on ${req.toNode}`, choice };
    const d = proposeMove(input, shard, node, why, req.toNode);
    return { draft: d, reason: d ? null : `no node "${req.toNode}" in the cluster`, choice };
  }
  return { draft: proposeThrottle(input, shard.id, req.limitQps, shard.qps, why), reason: null, choice };
}
