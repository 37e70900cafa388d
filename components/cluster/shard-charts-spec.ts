import { alertSpans } from "@/lib/dashboard/cluster/episodes";
import type { TShardDetail, THeatmapMetric } from "@/lib/dashboard/cluster/schemas";
import type { TRangeResult } from "@/lib/telemetry/query/schemas";

// What each small chart of the shard page shows, and the annotations laid over it.

export type TChartSpec = { metric: THeatmapMetric; title: string; unit: string; scale: number; agg: "avg" | "max" };

export const SHARD_CHARTS: TChartSpec[] = [
  { metric: "qps", title: "Queries per second", unit: "qps", scale: 1, agg: "avg" },
  { metric: "p99Ms", title: "p99 latency", unit: "ms", scale: 1, agg: "max" },
  { metric: "cpu", title: "CPU", unit: "%", scale: 100, agg: "avg" },
  { metric: "iops", title: "IOPS", unit: "iops", scale: 1, agg: "avg" },
  { metric: "errorRate", title: "Error rate", unit: "%", scale: 100, agg: "avg" },
];

/** A threshold this far above the data would flatten the line; it is listed under the chart instead. */
const OFF_CHART_FACTOR = 4;

export function chartRows(res: TRangeResult | undefined, scale: number): { t: number; v: number | null }[] {
  const values = res?.series[0]?.values ?? [];
  return values.map((v, i) => ({ t: res!.start + i * res!.step, v: v === null ? null : v * scale }));
}

export function thresholdsFor(detail: TShardDetail, spec: TChartSpec, dataMax: number) {
  const all = detail.thresholds.filter((t) => t.metric === spec.metric).map((t) => ({ ...t, y: t.value * spec.scale }));
  const onChart = all.filter((t) => dataMax <= 0 || t.y <= dataMax * OFF_CHART_FACTOR);
  return { onChart, offChart: all.filter((t) => !onChart.includes(t)) };
}

/** Time annotations: this shard's alerts as shaded spans, and its mitigations as lines where they started and ended. */
export type TAnnotation =
  | { kind: "alert"; id: string; label: string; x1: number; x2: number; severity: string }
  | { kind: "mitigation"; id: string; label: string; x: number };

export function annotationsFor(detail: TShardDetail, from: number, to: number): TAnnotation[] {
  const out: TAnnotation[] = alertSpans(detail.alerts, from, to).map(({ alert, x1, x2 }) => ({ kind: "alert", id: alert.id, label: alert.rule, x1, x2, severity: alert.severity }));
  for (const m of detail.mitigations) {
    if (m.startedAt >= from && m.startedAt <= to) out.push({ kind: "mitigation", id: `${m.id}-start`, label: `${m.action} started`, x: m.startedAt });
    if (m.finishedAt !== null && m.finishedAt >= from && m.finishedAt <= to)
      out.push({ kind: "mitigation", id: `${m.id}-end`, label: `${m.action} ${m.state}${m.outcome ? ` (${m.outcome})` : ""}`, x: m.finishedAt });
  }
  return out;
}
