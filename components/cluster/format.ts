import type { THeatmapMetric } from "@/lib/dashboard/cluster/schemas";

// Numbers with their units, as the cluster and shard pages show them.

export const METRIC_LABEL: Record<THeatmapMetric, string> = {
  qps: "Queries per second",
  p99Ms: "p99 latency",
  cpu: "CPU",
  iops: "IOPS",
  errorRate: "Error rate",
};
export const HEATMAP_CHOICES: THeatmapMetric[] = ["qps", "p99Ms", "cpu"];

const compact = (v: number) => (Math.abs(v) >= 100 ? Math.round(v).toLocaleString("en") : Number(v.toPrecision(3)).toString());

/** "1,240 qps", "14.2 ms", "71 %", "0.52 %". */
export function formatMetric(metric: THeatmapMetric, v: number | null | undefined): string {
  if (v === null || v === undefined || Number.isNaN(v)) return "—";
  switch (metric) {
    case "qps":
      return `${compact(v)} qps`;
    case "iops":
      return `${compact(v)} iops`;
    case "p99Ms":
      return `${compact(v)} ms`;
    case "cpu":
    case "errorRate":
      return `${compact(v * 100)} %`;
  }
}

export const pct = (f: number) => `${(f * 100).toFixed(f < 0.1 ? 1 : 0)} %`;

export function formatClock(ms: number, withSeconds = false): string {
  return new Date(ms).toLocaleTimeString("en-GB", { hour: "2-digit", minute: "2-digit", ...(withSeconds ? { second: "2-digit" } : {}) });
}

/** Time ticks for a span: clock times within a day, dates beyond. */
export function formatTick(ms: number, spanMs: number): string {
  if (spanMs > 2 * 86_400_000) return new Date(ms).toLocaleDateString("en-GB", { day: "2-digit", month: "short" });
  return formatClock(ms);
}

export const shardHref = (cluster: string, shard: string) => `/clusters/${encodeURIComponent(cluster)}/shards/${encodeURIComponent(shard)}`;
