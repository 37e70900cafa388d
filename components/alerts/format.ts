import { formatMetric } from "@/components/cluster/format";
import type { THeatmapMetric } from "@/lib/dashboard/cluster/schemas";
import type { TAlertView } from "@/lib/detection/alerts/schemas";

export type TAlert = TAlertView;
export type TAlertState = TAlert["state"];
export const ALERT_STATES: readonly TAlertState[] = ["firing", "pending", "resolved"];

/** "850 ms", "12.4 s", "3 m 05 s", "2 h 10 m". */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = ms / 1000;
  if (s < 60) return `${s.toFixed(s < 10 ? 1 : 0)} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} m ${String(Math.round(s % 60)).padStart(2, "0")} s`;
  return `${Math.floor(m / 60)} h ${m % 60} m`;
}

export function formatTime(ms: number | undefined): string {
  return ms === undefined ? "—" : new Date(ms).toLocaleTimeString();
}

export function formatDateTime(ms: number | undefined): string {
  return ms === undefined ? "—" : new Date(ms).toLocaleString();
}

export function formatValue(v: number | null): string {
  if (v === null) return "—";
  if (Math.abs(v) >= 100) return Math.round(v).toLocaleString();
  return Number(v.toPrecision(3)).toString();
}

const percent = (v: number) => `${formatValue(v * 100)} %`;
/** What a shard-threshold value measures, after formatMetric's number and unit: "409 ms p99". */
const SHARD_METRIC_WORD: Record<string, string> = { qps: "", iops: "", p99Ms: " p99", cpu: " CPU", errorRate: " errors" };

/**
 * A rule's headline value with its unit, from the rule's kind (and metric, where the kind has one):
 * "15.9 % of cluster load", "409 ms p99", "19.4× the fleet median". A plain number when the kind is unknown.
 */
export function formatRuleValue(v: number | null, kind: string | null | undefined, params?: Record<string, unknown> | null): string {
  if (v === null) return "—";
  const metric = typeof params?.metric === "string" ? params.metric : undefined;
  switch (kind) {
    case "hot-shard":
      return `${percent(v)} of cluster load`;
    case "shard-threshold":
      return metric !== undefined && metric in SHARD_METRIC_WORD ? `${formatMetric(metric as THeatmapMetric, v)}${SHARD_METRIC_WORD[metric]}` : formatValue(v);
    case "fleet-outlier":
      return `${formatValue(v)}× the fleet median`;
    case "cluster-skew":
      return `skew index ${formatValue(v)}`;
    case "replica-lag":
    case "replica-stalled":
      return `${formatValue(v)} s behind`;
    case "replica-lag-growth":
      return `lag +${formatValue(v)} s per second`;
    case "replica-missing":
      return `silent for ${formatValue(v)} s`;
    case "cache-hit-drop":
      return `${percent(v)} hit ratio`;
    case "eviction-storm":
      return `${formatValue(v)} evictions/s`;
    case "hot-key":
      return `${percent(v)} of the node's gets`;
    case "anomaly":
      return `anomaly score ${formatValue(v)}`;
    default:
      return formatValue(v);
  }
}

const LABEL_ORDER = ["cluster", "shard", "replica", "node", "key"] as const;

/** The target's labels in a fixed order, without the empty ones. */
export function targetLabels(alert: Pick<TAlert, "labels">): { name: (typeof LABEL_ORDER)[number]; value: string }[] {
  return LABEL_ORDER.flatMap((name) => {
    const value = alert.labels[name];
    return value ? [{ name, value }] : [];
  });
}

/** The alerts the list shows: newest onset first, narrowed to one rule when asked. */
export function visibleAlerts(alerts: readonly TAlert[], rule: string): TAlert[] {
  return alerts.filter((a) => !rule || a.rule === rule).sort((a, b) => b.activeAt - a.activeAt);
}
