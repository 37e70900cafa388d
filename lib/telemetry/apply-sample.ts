import { seriesKey, type TSeriesLabels } from "./points";
import { CACHE_METRICS, REPLICA_METRICS, type TCacheSample, type TReplicaSample, type TSample, type TShardSample } from "./sample";
import type { TSeriesEntry, WindowStore } from "./window-store";

// The ingest hot path: one lookup per sample finds all of its series, instead of building a key per
// metric (shard samples: two map reads by cluster and shard id; others: one string key). Equivalent to
// samplePoints() + WindowStore.put() for each point.

export type TEntity = { slots: (TSeriesEntry | undefined)[]; labels: TSeriesLabels; attr: string; observedAt: number };
export type TVisit = (entry: TSeriesEntry, ts: number, value: number) => void;

const SEP = "\u0001";

/** The thing's entity; a new one, or one whose `attr` changed, gets fresh labels from `labels`. */
function entityOf(store: WindowStore, ek: string, s: TSample, labels: (s: never) => TSeriesLabels, attr: string): TEntity {
  let e = store.entities.get(ek);
  if (!e) {
    e = { slots: [], labels: labels(s as never), attr, observedAt: 0 };
    store.entities.set(ek, e);
    store.version++;
    changed = true;
  } else if (attr !== e.attr) {
    e.attr = attr;
    store.version++; // new labels (a shard moved): readers that index things by labels refresh
    e.labels = labels(s as never);
    for (const x of e.slots) if (x) x.labels = e.labels;
    changed = true;
  }
  return e;
}

/** Set by entityOf when the thing is new or moved (a module variable: no result object per sample). */
let changed = false;

const shardLabels = (s: TShardSample): TSeriesLabels => ({ cluster: s.cluster, shard: s.shard, node: s.node });
const replicaLabels = (s: TReplicaSample): TSeriesLabels => ({ cluster: s.cluster, shard: s.shard, replica: s.replica, ...(s.node ? { node: s.node } : {}) });
const cacheLabels = (s: TCacheSample): TSeriesLabels => ({ cluster: s.cluster, node: s.node });

/** One metric's point: into its series (created on first sight) and to `visit`. */
function point(store: WindowStore, e: TEntity, slot: number, metric: string, cluster: string, id: string, ts: number, v: number, visit: TVisit): void {
  let entry = e.slots[slot];
  if (!entry) entry = e.slots[slot] = store.create(seriesKey(metric, cluster, id), metric, e.labels);
  entry.buf.append(ts, v, store.opts.retentionMs);
  visit(entry, ts, v);
}

function fill(
  store: WindowStore,
  e: TEntity,
  metrics: readonly string[],
  prefix: string,
  cluster: string,
  id: string,
  s: Record<string, unknown>,
  ts: number,
  visit: TVisit,
): void {
  for (let i = 0; i < metrics.length; i++) {
    const v = s[metrics[i]!];
    if (typeof v === "number") point(store, e, i, `${prefix}.${metrics[i]}`, cluster, id, ts, v, visit);
  }
}

/** Applies one sample; returns true when its topology (new thing or moved) should be registered. */
export function applySample(store: WindowStore, s: TSample, now: number, visit: TVisit): boolean {
  const ts = s.ts;
  if (ts > store.maxTs) store.maxTs = ts;
  changed = false;
  let e: TEntity;
  if (s.type === "shard") {
    // Most samples are shard samples: their five metrics read by name (SHARD_METRICS order), not by a loop.
    const { cluster, shard } = s;
    let byShard = store.shardIndex.get(cluster);
    const known = byShard?.get(shard);
    if (known && known.attr === s.node) e = known;
    else {
      e = entityOf(store, `s${SEP}${cluster}${SEP}${shard}`, s, shardLabels, s.node);
      if (!byShard) store.shardIndex.set(cluster, (byShard = new Map<string, TEntity>()));
      byShard.set(shard, e);
    }
    if (typeof s.qps === "number") point(store, e, 0, "shard.qps", cluster, shard, ts, s.qps, visit);
    if (typeof s.p99Ms === "number") point(store, e, 1, "shard.p99Ms", cluster, shard, ts, s.p99Ms, visit);
    if (typeof s.cpu === "number") point(store, e, 2, "shard.cpu", cluster, shard, ts, s.cpu, visit);
    if (typeof s.iops === "number") point(store, e, 3, "shard.iops", cluster, shard, ts, s.iops, visit);
    if (typeof s.errorRate === "number") point(store, e, 4, "shard.errorRate", cluster, shard, ts, s.errorRate, visit);
  } else if (s.type === "replica") {
    e = entityOf(store, `r${SEP}${s.cluster}${SEP}${s.replica}`, s, replicaLabels, `${s.shard}${SEP}${s.node ?? ""}`);
    fill(store, e, REPLICA_METRICS, "replica", s.cluster, s.replica, s, ts, visit);
  } else {
    e = entityOf(store, `c${SEP}${s.cluster}${SEP}${s.node}`, s, cacheLabels, "");
    const cacheChanged = changed;
    fill(store, e, CACHE_METRICS, "cache", s.cluster, s.node, s, ts, visit);
    for (const hk of s.hotKeys ?? []) {
      const k = entityOf(store, `k${SEP}${s.cluster}${SEP}${s.node}${SEP}${hk.key}`, s, (c: TCacheSample) => ({ cluster: c.cluster, node: c.node, key: hk.key }), "");
      fill(store, k, ["perSec"], "cache.hotKey", s.cluster, `${s.node}${SEP}${hk.key}`, hk, ts, visit);
    }
    changed = cacheChanged; // the cache node's own topology, as before: hot keys are not registered things
  }
  if (changed || now - e.observedAt > 30_000) {
    e.observedAt = now;
    return true;
  }
  return false;
}
