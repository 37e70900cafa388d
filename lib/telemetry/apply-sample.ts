import { seriesKey, type TSeriesLabels } from "./points";
import { CACHE_METRICS, REPLICA_METRICS, SHARD_METRICS, type TSample } from "./sample";
import type { TSeriesEntry, WindowStore } from "./window-store";

// The ingest hot path: one string key and one map lookup per sample find all of its series, instead
// of building a key per metric. Equivalent to samplePoints() + WindowStore.put() for each point.

export type TEntity = { slots: (TSeriesEntry | undefined)[]; labels: TSeriesLabels; attr: string; observedAt: number };
export type TVisit = (entry: TSeriesEntry, ts: number, value: number) => void;

const SEP = "\u0001";

/** `attr` sums up the attributes that may change (a shard's node, a replica's shard and node). */
function entityOf(store: WindowStore, ek: string, labels: () => TSeriesLabels, attr: string): { e: TEntity; changed: boolean } {
  let e = store.entities.get(ek);
  if (!e) {
    e = { slots: [], labels: labels(), attr, observedAt: 0 };
    store.entities.set(ek, e);
    store.version++;
    return { e, changed: true };
  }
  if (attr !== e.attr) {
    e.attr = attr;
    store.version++; // new labels (a shard moved): readers that index things by labels refresh
    e.labels = labels();
    for (const s of e.slots) if (s) s.labels = e.labels;
    return { e, changed: true };
  }
  return { e, changed: false };
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
    if (typeof v !== "number") continue;
    let entry = e.slots[i];
    if (!entry) {
      const metric = `${prefix}.${metrics[i]}`;
      entry = e.slots[i] = store.create(seriesKey(metric, cluster, id), metric, e.labels);
    }
    entry.buf.append(ts, v, store.opts.retentionMs);
    visit(entry, ts, v);
  }
}

/** Applies one sample; returns true when its topology (new thing or moved) should be registered. */
export function applySample(store: WindowStore, s: TSample, now: number, visit: TVisit): boolean {
  if (s.ts > store.maxTs) store.maxTs = s.ts;
  let changed: boolean;
  let e: TEntity;
  if (s.type === "shard") {
    ({ e, changed } = entityOf(store, `s${SEP}${s.cluster}${SEP}${s.shard}`, () => ({ cluster: s.cluster, shard: s.shard, node: s.node }), s.node));
    fill(store, e, SHARD_METRICS, "shard", s.cluster, s.shard, s, s.ts, visit);
  } else if (s.type === "replica") {
    ({ e, changed } = entityOf(
      store,
      `r${SEP}${s.cluster}${SEP}${s.replica}`,
      () => ({ cluster: s.cluster, shard: s.shard, replica: s.replica, ...(s.node ? { node: s.node } : {}) }),
      `${s.shard}${SEP}${s.node ?? ""}`,
    ));
    fill(store, e, REPLICA_METRICS, "replica", s.cluster, s.replica, s, s.ts, visit);
  } else {
    ({ e, changed } = entityOf(store, `c${SEP}${s.cluster}${SEP}${s.node}`, () => ({ cluster: s.cluster, node: s.node }), ""));
    fill(store, e, CACHE_METRICS, "cache", s.cluster, s.node, s, s.ts, visit);
    for (const hk of s.hotKeys ?? []) {
      const { e: k } = entityOf(store, `k${SEP}${s.cluster}${SEP}${s.node}${SEP}${hk.key}`, () => ({ cluster: s.cluster, node: s.node, key: hk.key }), "");
      fill(store, k, ["perSec"], "cache.hotKey", s.cluster, `${s.node}${SEP}${hk.key}`, hk, s.ts, visit);
    }
  }
  if (changed || now - e.observedAt > 30_000) {
    e.observedAt = now;
    return true;
  }
  return false;
}
