import type { TClusterState } from "./cluster";
import { cacheIndexFor, findShard, keyName, keyRank } from "./cluster";
import type { TActiveEvent } from "./events";
import { eventsOf } from "./events";
import { RING_SIZE, findRange, hash32 } from "./ring";
import type { TRng } from "./rng";
import type { TZipf } from "./zipf";

// Where requests go: clients → (cache) → shards. The most popular keys are followed one by one
// (Zipf), the long tail spreads over the ring by range width; events add their own traffic.

export type TCacheFlow = { gets: number; hits: number; misses: number; hot: { key: string; perSec: number }[] };
/**
 * Where each followed key landed this step, flat: entry j is `names[j]` (the key, or `key#b` for one
 * bucket of a salted key) on shard index `shard[j]` with its db reads and writes per second (after
 * the cache or an overlay, and scaled like its shard by node warmth, spikes and noise; before a shard
 * throttle). A few hundred entries a step, never one per shard.
 */
export type TKeyLandings = { count: number; names: string[]; shard: Int32Array; reads: Float64Array; writes: Float64Array };
export type TLoadFrame = {
  offered: number;
  throttled: number;
  reads: Float64Array;
  writes: Float64Array;
  cache: TCacheFlow[];
  keys: TKeyLandings;
};

type TKeyFlow = { key: string; rank: number | null; reads: number; writes: number };

/** Cluster-wide requests/s now: baseline × diurnal drift × surges × a little noise. */
function clusterQps(state: TClusterState, active: TActiveEvent[], simNowMs: number, rng: TRng): number {
  const t = state.spec.traffic;
  const diurnal = 1 + t.diurnalAmplitude * Math.sin((2 * Math.PI * (simNowMs / 1000)) / t.diurnalPeriod);
  let surge = 1;
  for (const a of eventsOf(active, state.spec.name, "surge")) surge *= 1 + (a.event.multiplier - 1) * a.intensity;
  return Math.max(0, t.baseQps * diurnal * surge * (1 + (t.noise / 3) * rng.gauss()));
}

function keyFlows(state: TClusterState, active: TActiveEvent[], zipf: TZipf, reads: number, writes: number): TKeyFlow[] {
  const flows: TKeyFlow[] = [];
  const byKey = new Map<string, TKeyFlow>();
  for (let rank = 1; rank <= state.spec.hotKeysTracked; rank++) {
    const p = zipf.p(rank);
    const flow = { key: keyName(state, rank), rank, reads: reads * p, writes: writes * p };
    flows.push(flow);
    byKey.set(flow.key, flow);
  }
  for (const a of eventsOf(active, state.spec.name, "celebrity-key")) {
    const key = a.event.key ?? keyName(state, a.event.rank ?? 1);
    const rank = keyRank(state, key);
    const total = (reads + writes) * zipf.p(rank ?? state.spec.hotKeysTracked + 1) * (a.event.multiplier - 1) * a.intensity;
    const rf = a.event.readFraction ?? state.spec.readFraction;
    let flow = byKey.get(key);
    if (!flow) {
      flow = { key, rank, reads: 0, writes: 0 };
      byKey.set(key, flow);
      flows.push(flow);
    }
    flow.reads += total * rf;
    flow.writes += total * (1 - rf);
  }
  return flows;
}

/** The share of the tail's reads a cache node holding `filled` keys serves (LRU ≈ the top keys). */
function tailHitRatio(state: TClusterState, zipf: TZipf, filled: number): number {
  const covered = filled * state.cacheNodes.length;
  const tracked = zipf.cdf(state.spec.hotKeysTracked);
  return tracked >= 1 ? 0 : Math.max(0, (zipf.cdf(covered) - tracked) / (1 - tracked));
}

function addAt(state: TClusterState, frame: TLoadFrame, key: string, reads: number, writes: number): void {
  const buckets = state.salting.get(key) ?? 1;
  const k = frame.keys;
  for (let b = 0; b < buckets; b++) {
    const name = buckets > 1 ? `${key}#${b}` : key;
    const i = findRange(state.starts, hash32(name));
    frame.reads[i]! += reads / buckets;
    frame.writes[i]! += writes / buckets;
    const j = k.count++;
    k.names[j] = name;
    k.shard[j] = i;
    k.reads[j] = reads / buckets;
    k.writes[j] = writes / buckets;
  }
}

const NO_KEYS: TKeyLandings = { count: 0, names: [], shard: new Int32Array(0), reads: new Float64Array(0), writes: new Float64Array(0) };

function landingsFor(state: TClusterState, flows: TKeyFlow[]): TKeyLandings {
  let size = 0;
  for (const f of flows) size += state.salting.get(f.key) ?? 1;
  return { count: 0, names: new Array<string>(size), shard: new Int32Array(size), reads: new Float64Array(size), writes: new Float64Array(size) };
}

function routeKeys(state: TClusterState, frame: TLoadFrame, flows: TKeyFlow[], stampeded: number): void {
  frame.keys = landingsFor(state, flows);
  for (const f of flows) {
    let dbReads = f.reads;
    const ttl = state.overlays.get(f.key);
    const ci = cacheIndexFor(state, f.key);
    if (ttl !== undefined) {
      dbReads = f.reads / (1 + ttl * f.reads); // about one miss per TTL
    } else if (ci >= 0) {
      const cache = state.cacheNodes[ci]!;
      const flow = frame.cache[ci]!;
      flow.gets += f.reads;
      flow.hot.push({ key: f.key, perSec: f.reads });
      const cached = f.rank !== null && f.rank <= cache.filled * state.cacheNodes.length && f.rank > stampeded;
      if (cached) {
        flow.hits += f.reads;
        dbReads = 0;
      } else flow.misses += f.reads;
    }
    addAt(state, frame, f.key, dbReads, f.writes);
  }
}

function spreadByWidth(state: TClusterState, frame: TLoadFrame, reads: number, writes: number): void {
  state.shards.forEach((s, i) => {
    const w = (s.end - s.start) / RING_SIZE;
    frame.reads[i]! += reads * w;
    frame.writes[i]! += writes * w;
  });
}

/** Adds `qps` spread evenly over the ring positions [a, b). */
function spreadOverRange(state: TClusterState, frame: TLoadFrame, a: number, b: number, reads: number, writes: number): void {
  state.shards.forEach((s, i) => {
    const overlap = Math.max(0, Math.min(b, s.end) - Math.max(a, s.start));
    if (overlap <= 0) return;
    frame.reads[i]! += (reads * overlap) / (b - a);
    frame.writes[i]! += (writes * overlap) / (b - a);
  });
}

/** Per-cluster state kept between steps; `scale` is scratch space (one multiplier per shard), reused every step. */
export type TTrafficMemo = { ranges: Map<string, [number, number]>; warm: Map<string, string[]>; scale: Float64Array };

export function createTrafficMemo(): TTrafficMemo {
  return { ranges: new Map(), warm: new Map(), scale: new Float64Array(0) };
}

function eventLoads(state: TClusterState, frame: TLoadFrame, active: TActiveEvent[], memo: TTrafficMemo): void {
  const name = state.spec.name;
  for (const a of eventsOf(active, name, "hot-range")) {
    let range = memo.ranges.get(a.id);
    const s = findShard(state, a.event.shard);
    if (!range && s) memo.ranges.set(a.id, (range = [s.start + (s.end - s.start) * a.event.from, s.start + (s.end - s.start) * a.event.to]));
    if (range)
      spreadOverRange(
        state,
        frame,
        range[0],
        range[1],
        a.event.qps * a.intensity * a.event.readFraction,
        a.event.qps * a.intensity * (1 - a.event.readFraction),
      );
  }
  const scale = (id: string, m: number) => {
    const i = state.shards.findIndex((s) => s.id === id);
    if (i < 0) return;
    frame.reads[i]! *= m;
    frame.writes[i]! *= m;
    memo.scale[i]! *= m;
  };
  for (const a of eventsOf(active, name, "warm-node")) {
    let ids = memo.warm.get(a.id);
    if (!ids)
      memo.warm.set(
        a.id,
        (ids = state.shards
          .filter((s) => s.node === a.event.node)
          .slice(0, a.event.shards)
          .map((s) => s.id)),
      );
    for (const id of ids) scale(id, 1 + (a.event.multiplier - 1) * a.intensity);
  }
  for (const a of eventsOf(active, name, "spike")) scale(a.event.shard, a.event.multiplier);
}

export function routeTraffic(state: TClusterState, active: TActiveEvent[], zipf: TZipf, simNowMs: number, rng: TRng, memo: TTrafficMemo): TLoadFrame {
  const n = state.shards.length;
  const frame: TLoadFrame = {
    offered: 0,
    throttled: 0,
    reads: new Float64Array(n),
    writes: new Float64Array(n),
    cache: state.cacheNodes.map(() => ({ gets: 0, hits: 0, misses: 0, hot: [] })),
    keys: NO_KEYS, // replaced by routeKeys
  };
  if (memo.scale.length !== n) memo.scale = new Float64Array(n);
  const scale = memo.scale.fill(1);
  let total = clusterQps(state, active, simNowMs, rng);
  frame.offered = total;
  if (state.clusterThrottleQps !== null && total > state.clusterThrottleQps) {
    frame.throttled = total - state.clusterThrottleQps;
    total = state.clusterThrottleQps;
  }
  const rf = state.spec.readFraction;
  const stampeded = Math.max(0, ...eventsOf(active, state.spec.name, "cache-stampede").map((a) => a.event.keys));
  routeKeys(state, frame, keyFlows(state, active, zipf, total * rf, total * (1 - rf)), stampeded);
  const tail = 1 - zipf.cdf(state.spec.hotKeysTracked);
  const tailReads = total * rf * tail;
  let dbTailReads = tailReads;
  if (state.cacheNodes.length) {
    dbTailReads = 0;
    state.cacheNodes.forEach((c, i) => {
      const gets = tailReads / state.cacheNodes.length;
      const hits = gets * tailHitRatio(state, zipf, c.filled);
      const flow = frame.cache[i]!;
      flow.gets += gets;
      flow.hits += hits;
      flow.misses += gets - hits;
      dbTailReads += gets - hits;
    });
  }
  spreadByWidth(state, frame, dbTailReads, total * (1 - rf) * tail);
  eventLoads(state, frame, active, memo);
  const noise = state.spec.traffic.noise;
  for (let i = 0; i < n; i++) {
    const m = Math.max(0, 1 + noise * rng.gauss());
    frame.reads[i]! *= m;
    frame.writes[i]! *= m;
    scale[i]! *= m;
  }
  // The followed keys scale with the shard they land on, so they stay a part of its figures.
  const k = frame.keys;
  for (let j = 0; j < k.count; j++) {
    k.reads[j]! *= scale[k.shard[j]!]!;
    k.writes[j]! *= scale[k.shard[j]!]!;
  }
  return frame;
}
