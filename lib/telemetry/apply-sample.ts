import { seriesKey, type TSeriesLabels } from "./points";
import type { TShardColumns } from "./push-decode";
import { CACHE_METRICS, REPLICA_METRICS, type TCacheSample, type TReplicaSample, type TSample, type TShardSample } from "./sample";
import type { TSeriesEntry, WindowStore } from "./window-store";

// The ingest hot path: one lookup per sample finds all of its series, instead of building a key per
// metric (shard samples: two map reads by cluster and shard id; others: one string key). Equivalent to
// samplePoints() + WindowStore.put() for each point.

export type TEntity = { slots: (TSeriesEntry | undefined)[]; labels: TSeriesLabels; attr: string; observedAt: number };
export type TVisit = (entry: TSeriesEntry, ts: number, value: number) => void;

const SEP = "\u0001";

/** The thing's entity; a new one, or one whose `attr` changed, gets fresh labels from `labels()`. */
function entityOf(store: WindowStore, ek: string, labels: () => TSeriesLabels, attr: string): TEntity {
  let e = store.entities.get(ek);
  if (!e) {
    e = { slots: [], labels: labels(), attr, observedAt: 0 };
    store.entities.set(ek, e);
    store.version++;
    changed = true;
  } else if (attr !== e.attr) {
    e.attr = attr;
    store.version++; // new labels (a shard moved): readers that index things by labels refresh
    e.labels = labels();
    for (const x of e.slots) if (x) x.labels = e.labels;
    changed = true;
  }
  return e;
}

/** Set by entityOf when the thing is new or moved (a module variable: no result object per sample). */
let changed = false;

const replicaLabels = (s: TReplicaSample) => (): TSeriesLabels => ({ cluster: s.cluster, shard: s.shard, replica: s.replica, ...(s.node ? { node: s.node } : {}) });
const cacheLabels = (s: TCacheSample) => (): TSeriesLabels => ({ cluster: s.cluster, node: s.node });

/** One metric's point (NaN: left out, nothing to do): into its series (created on first sight) and to `visit`. */
function point(store: WindowStore, e: TEntity, slot: number, metric: string, cluster: string, id: string, ts: number, v: number, visit: TVisit): void {
  if (v !== v) return;
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

/** Whether the thing's topology (new, moved, or not registered for 30 s) should be registered now. */
function observeDue(e: TEntity, now: number): boolean {
  if (changed || now - e.observedAt > 30_000) {
    e.observedAt = now;
    return true;
  }
  return false;
}

/**
 * One shard sample, its metrics as numbers (NaN: left out). Most samples are shard samples: two map
 * reads by cluster and shard id find all five series, read by position (SHARD_METRICS order).
 */
function applyShard(
  store: WindowStore,
  cluster: string,
  shard: string,
  node: string,
  ts: number,
  m: ArrayLike<number>,
  at: number,
  now: number,
  visit: TVisit,
): boolean {
  if (ts > store.maxTs) store.maxTs = ts;
  changed = false;
  let byShard = store.shardIndex.get(cluster);
  let e = byShard?.get(shard);
  if (!e || e.attr !== node) {
    e = entityOf(store, `s${SEP}${cluster}${SEP}${shard}`, () => ({ cluster, shard, node }), node);
    if (!byShard) store.shardIndex.set(cluster, (byShard = new Map<string, TEntity>()));
    byShard.set(shard, e);
  }
  point(store, e, 0, "shard.qps", cluster, shard, ts, m[at]!, visit);
  point(store, e, 1, "shard.p99Ms", cluster, shard, ts, m[at + 1]!, visit);
  point(store, e, 2, "shard.cpu", cluster, shard, ts, m[at + 2]!, visit);
  point(store, e, 3, "shard.iops", cluster, shard, ts, m[at + 3]!, visit);
  point(store, e, 4, "shard.errorRate", cluster, shard, ts, m[at + 4]!, visit);
  return observeDue(e, now);
}

/** An object shard sample's metrics for applyShard, reused (applying never re-enters itself): no array per sample. */
const shardMetrics = new Float64Array(5);

/** Applies one sample; returns true when its topology (new thing or moved) should be registered. */
export function applySample(store: WindowStore, s: TSample, now: number, visit: TVisit): boolean {
  if (s.type === "shard") {
    const m = shardMetrics;
    m[0] = s.qps ?? NaN;
    m[1] = s.p99Ms ?? NaN;
    m[2] = s.cpu ?? NaN;
    m[3] = s.iops ?? NaN;
    m[4] = s.errorRate ?? NaN;
    return applyShard(store, s.cluster, s.shard, s.node, s.ts, m, 0, now, visit);
  }
  const ts = s.ts;
  if (ts > store.maxTs) store.maxTs = ts;
  changed = false;
  let e: TEntity;
  if (s.type === "replica") {
    e = entityOf(store, `r${SEP}${s.cluster}${SEP}${s.replica}`, replicaLabels(s), `${s.shard}${SEP}${s.node ?? ""}`);
    fill(store, e, REPLICA_METRICS, "replica", s.cluster, s.replica, s, ts, visit);
  } else {
    e = entityOf(store, `c${SEP}${s.cluster}${SEP}${s.node}`, cacheLabels(s), "");
    const cacheChanged = changed;
    fill(store, e, CACHE_METRICS, "cache", s.cluster, s.node, s, ts, visit);
    for (const hk of s.hotKeys ?? []) {
      const k = entityOf(store, `k${SEP}${s.cluster}${SEP}${s.node}${SEP}${hk.key}`, () => ({ cluster: s.cluster, node: s.node, key: hk.key }), "");
      fill(store, k, ["perSec"], "cache.hotKey", s.cluster, `${s.node}${SEP}${hk.key}`, hk, ts, visit);
    }
    changed = cacheChanged; // the cache node's own topology, as before: hot keys are not registered things
  }
  return observeDue(e, now);
}

/**
 * Applies a decoded push's shard columns (push-decode.ts); `observe` gets each shard whose topology
 * should be registered, as the sample it came as.
 */
export function applyShardColumns(store: WindowStore, c: TShardColumns, now: number, visit: TVisit, observe: (s: TShardSample) => void): void {
  const { labels, idx, ts, values } = c;
  for (let i = 0; i < ts.length; i++) {
    const cluster = labels[idx[i * 3]!]!;
    const shard = labels[idx[i * 3 + 1]!]!;
    const node = labels[idx[i * 3 + 2]!]!;
    if (applyShard(store, cluster, shard, node, ts[i]!, values, i * 5, now, visit)) observe({ type: "shard", cluster, shard, node, ts: ts[i]! });
  }
}
