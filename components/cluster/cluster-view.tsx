"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { fetchJson } from "@/components/api/fetch-json";
import { TimeRangePicker, useTimeRange } from "@/components/ui/time-range-picker";
import { HEATMAP_METRICS, type TClusterShards, type THeatmap, type THeatmapMetric } from "@/lib/dashboard/cluster/schemas";
import styles from "./cluster.module.css";
import { HEATMAP_CHOICES, METRIC_LABEL } from "./format";
import { HotShardsTable } from "./hot-shards-table";
import { KeyspaceHeatmap } from "./keyspace-heatmap";
import { clusterKeys } from "./keys";
import { LoadDistribution } from "./load-distribution";
import { NodeTable } from "./node-table";

/** At most this many heatmap rows (about 3 px each in 600 px); more shards are grouped in key order. */
const HEATMAP_ROWS = 200;
const TOP_N = 10;

function useMetric(): [THeatmapMetric, (m: THeatmapMetric) => void] {
  const params = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const raw = params.get("metric");
  const metric = (HEATMAP_METRICS as readonly string[]).includes(raw ?? "") ? (raw as THeatmapMetric) : "qps";
  const set = (m: THeatmapMetric) => {
    const q = new URLSearchParams(params.toString());
    if (m === "qps") q.delete("metric");
    else q.set("metric", m);
    router.replace(q.size ? `${pathname}?${q.toString()}` : pathname, { scroll: false });
  };
  return [metric, set];
}

function Failed({ what, error }: { what: string; error: Error }) {
  return (
    <div className="alert alert-error" role="alert">
      Could not load {what}: {error.message}
    </div>
  );
}

function Loading({ label }: { label: string }) {
  return (
    <div className="skeleton" aria-busy="true" aria-label={label}>
      <div className="skeleton-row" />
      <div className="skeleton-row" />
      <div className="skeleton-row" />
    </div>
  );
}

export function ClusterView({ cluster }: { cluster: string }) {
  const range = useTimeRange();
  const [metric, setMetric] = useMetric();
  const base = `/api/v1/clusters/${encodeURIComponent(cluster)}`;
  const heatmap = useQuery({
    queryKey: clusterKeys.heatmap(cluster, metric, range.specKey, HEATMAP_ROWS),
    queryFn: () => {
      const r = range.resolve();
      return fetchJson<THeatmap>(
        `${base}/heatmap?${new URLSearchParams({ metric, from: String(r.from), to: String(r.to), step: String(r.step), rows: String(HEATMAP_ROWS) }).toString()}`,
      );
    },
    refetchInterval: range.refetchInterval,
    placeholderData: keepPreviousData,
  });
  const shards = useQuery({
    queryKey: clusterKeys.shards(cluster, range.specKey),
    queryFn: () => {
      const r = range.resolve();
      const q = new URLSearchParams({ limit: String(TOP_N) });
      if (!r.live) q.set("at", String(r.to));
      return fetchJson<TClusterShards>(`${base}/shards?${q.toString()}`);
    },
    refetchInterval: range.refetchInterval,
    placeholderData: keepPreviousData,
  });
  const h = heatmap.data;
  const s = shards.data;
  return (
    <>
      <div className={styles.toolbar}>
        <TimeRangePicker updatedAt={Math.max(heatmap.dataUpdatedAt, shards.dataUpdatedAt) || undefined} />
      </div>
      <section className="card" aria-labelledby="heatmap-h">
        <div className={styles.sectionHead}>
          <h2 id="heatmap-h">Keyspace heatmap</h2>
          <div className="segmented" role="group" aria-label="Heatmap metric">
            {HEATMAP_CHOICES.map((m) => (
              <button key={m} type="button" className="btn btn-sm" aria-pressed={metric === m} onClick={() => setMetric(m)}>
                {METRIC_LABEL[m]}
              </button>
            ))}
          </div>
        </div>
        <p className="muted">Rows are shards in key order, columns are time. Hover or focus a cell for its value; click a row to open the shard.</p>
        {heatmap.error ? <Failed what="the heatmap" error={heatmap.error} /> : null}
        {!h && heatmap.isPending ? <Loading label="Loading the heatmap" /> : null}
        {h && h.max === null ? (
          <div className="empty" data-testid="heatmap-empty">
            <p>
              <strong>No {METRIC_LABEL[metric].toLowerCase()} samples in this range.</strong>
            </p>
            <p>Pick a longer range, or check that the cluster still sends telemetry.</p>
          </div>
        ) : null}
        {h && h.max !== null ? <KeyspaceHeatmap h={h} cluster={cluster} /> : null}
      </section>
      <section className="card" aria-labelledby="top-h">
        <h2 id="top-h">
          Hot shards {s && !range.live ? <span className="muted">at {new Date(s.at).toLocaleTimeString()}</span> : <span className="muted">now</span>}
        </h2>
        {shards.error ? <Failed what="the shards" error={shards.error} /> : null}
        {!s && shards.isPending ? <Loading label="Loading the hot shards" /> : null}
        {s && s.top.length ? <HotShardsTable data={s} cluster={cluster} /> : null}
        {s && !s.top.length ? (
          <p className="empty">
            {range.live ? "No shard has reported in the last 30 s." : "Per-shard figures exist only for the last 30 minutes (the live window)."}
          </p>
        ) : null}
      </section>
      <div className={styles.twoCol}>
        <section className="card" aria-labelledby="dist-h">
          <h2 id="dist-h">Load distribution</h2>
          {s ? <LoadDistribution data={s.distribution} /> : shards.isPending ? <Loading label="Loading the distribution" /> : null}
        </section>
        <section className="card" aria-labelledby="nodes-h">
          <h2 id="nodes-h">Nodes</h2>
          {s && s.nodes.length ? <NodeTable data={s} cluster={cluster} /> : null}
          {s && !s.nodes.length ? <p className="empty">No node has shards reporting right now.</p> : null}
          {!s && shards.isPending ? <Loading label="Loading the nodes" /> : null}
        </section>
      </div>
    </>
  );
}
