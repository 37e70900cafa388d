import type { TRangeResult } from "@/lib/telemetry/query/schemas";
import type { TAlert } from "@/components/alerts/format";

// Which metric explains an alert, from its rule's kind, and how a range answer becomes chart rows.

export type TRuleInfo = { kind: string; params: Record<string, unknown> } | null;
type TBy = "shard" | "node" | "replica" | "key" | "cluster";
export type TChartLine = { name: string; metric: string; by: TBy; agg: "avg" | "sum" | "max"; pick?: string | undefined };
export type TChartSpec = { title: string; lines: TChartLine[] };

const SHARD_KINDS = new Set(["hot-shard", "shard-threshold", "fleet-outlier"]);

function shardMetric(params: Record<string, unknown>): string {
  const m = typeof params.metric === "string" ? params.metric : "qps";
  return m.includes(".") ? m : `shard.${m}`;
}

export function chartSpec(rule: TRuleInfo, labels: TAlert["labels"]): TChartSpec {
  const kind = rule?.kind ?? "";
  const params = rule?.params ?? {};
  if (kind.startsWith("replica-"))
    return {
      title: "Replication lag (s)",
      lines: [{ name: labels.replica ?? "lag", metric: "replica.lagSeconds", by: "replica", agg: "max", pick: labels.replica }],
    };
  if (kind === "cache-hit-drop" || kind === "eviction-storm")
    return {
      title: `Cache node ${labels.node ?? ""} (per second)`,
      lines: [
        { name: "hits", metric: "cache.hitsPerSec", by: "node", agg: "sum" },
        { name: "misses", metric: "cache.missesPerSec", by: "node", agg: "sum" },
        { name: "evictions", metric: "cache.evictionsPerSec", by: "node", agg: "sum" },
      ],
    };
  if (kind === "hot-key")
    return {
      title: `Gets of ${labels.key ?? "the key"} per second`,
      lines: [{ name: labels.key ?? "key", metric: "cache.hotKey.perSec", by: "key", agg: "sum", pick: labels.key }],
    };
  const metric = kind === "anomaly" || SHARD_KINDS.has(kind) || kind === "cluster-skew" ? shardMetric(params) : "shard.qps";
  const short = metric.replace(/^\w+\./, "");
  if (metric === "replica.lagSeconds")
    return { title: "Replication lag (s)", lines: [{ name: labels.replica ?? "lag", metric, by: "replica", agg: "max", pick: labels.replica }] };
  if (metric.startsWith("cache.")) return { title: `${short} on ${labels.node ?? "the cache node"}`, lines: [{ name: short, metric, by: "node", agg: "sum" }] };
  if (labels.shard)
    return {
      title: `Shard ${labels.shard}: ${short}, against the cluster average`,
      lines: [
        { name: labels.shard, metric, by: "shard", agg: "avg", pick: labels.shard },
        { name: "cluster avg", metric, by: "cluster", agg: "avg" },
      ],
    };
  return { title: `Cluster ${labels.cluster}: total ${short}`, lines: [{ name: labels.cluster, metric, by: "cluster", agg: "sum" }] };
}

/** The query string of one line: the alert's cluster, and its node or shard when that narrows it. */
export function lineQuery(line: TChartLine, labels: TAlert["labels"], from: number, to: number): Record<string, string> {
  const q: Record<string, string> = { metric: line.metric, cluster: labels.cluster, from: String(from), to: String(to), agg: line.agg, by: line.by };
  if (line.metric.startsWith("cache.") && labels.node) q.node = labels.node;
  if (line.by === "replica" && labels.shard) q.shard = labels.shard;
  return q;
}

/** The row field of line i (names such as keys may hold dots, which charts read as paths). */
export const lineKey = (i: number) => `v${i}`;

export type TChartRow = { t: number } & Record<string, number | null>;

/** Merges each line's answer into rows by bucket time; a picked line keeps only its group. */
export function toChartRows(lines: readonly TChartLine[], results: readonly (TRangeResult | undefined)[]): TChartRow[] {
  const rows = new Map<number, TChartRow>();
  lines.forEach((line, i) => {
    const r = results[i];
    if (!r) return;
    const series = line.pick ? r.series.find((s) => Object.values(s.group).includes(line.pick!)) : r.series[0];
    series?.values.forEach((v, j) => {
      const t = r.start + j * r.step;
      const row: TChartRow = rows.get(t) ?? { t };
      row[lineKey(i)] = v;
      rows.set(t, row);
    });
  });
  return [...rows.values()].sort((a, b) => a.t - b.t);
}

/** Round-minute ticks for the time axis, at most about 8 of them. */
export function timeTicks(from: number, to: number): number[] {
  const minutes = [1, 2, 5, 10, 15, 30, 60, 120, 360].find((m) => (to - from) / (m * 60_000) <= 8) ?? 720;
  const step = minutes * 60_000;
  const ticks: number[] = [];
  for (let t = Math.ceil(from / step) * step; t <= to; t += step) ticks.push(t);
  return ticks;
}
