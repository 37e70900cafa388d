"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { CartesianGrid, Line, LineChart, ReferenceArea, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { fetchJson } from "@/components/api/fetch-json";
import type { useTimeRange } from "@/components/ui/time-range-picker";
import type { TShardDetail } from "@/lib/dashboard/cluster/schemas";
import type { TRangeResult } from "@/lib/telemetry/query/schemas";
import styles from "./cluster.module.css";
import { formatTick } from "./format";
import { clusterKeys } from "./keys";
import { annotationsFor, chartRows, thresholdsFor, type TChartSpec } from "./shard-charts-spec";

const num = (v: number) => (Math.abs(v) >= 100 ? Math.round(v).toLocaleString("en") : Number(v.toPrecision(3)).toString());

/** One metric of one shard over the page's range, with rule thresholds as lines and alerts as shaded spans. */
export function ShardMetricChart({ spec, detail, range }: { spec: TChartSpec; detail: TShardDetail; range: ReturnType<typeof useTimeRange> }) {
  const q = useQuery({
    queryKey: clusterKeys.shardMetric(detail.cluster, detail.shard, spec.metric, range.specKey),
    queryFn: async () => {
      const r = range.resolve();
      const params = {
        metric: `shard.${spec.metric}`,
        cluster: detail.cluster,
        shard: detail.shard,
        from: String(r.from),
        to: String(r.to),
        step: String(r.step),
        agg: spec.agg,
        by: "shard",
      };
      return { r, res: await fetchJson<TRangeResult>(`/api/v1/query?${new URLSearchParams(params).toString()}`) };
    },
    refetchInterval: range.refetchInterval,
    placeholderData: keepPreviousData,
  });
  const rows = chartRows(q.data?.res, spec.scale);
  const dataMax = rows.reduce((m, r) => (r.v !== null && r.v > m ? r.v : m), 0);
  const { onChart, offChart } = thresholdsFor(detail, spec, dataMax);
  const from = q.data?.r.from ?? 0;
  const to = q.data?.r.to ?? 0;
  const notes = q.data ? annotationsFor(detail, from, to) : [];
  const spans = notes.filter((a) => a.kind === "alert");
  const events = notes.filter((a) => a.kind === "mitigation");
  const top = Math.max(dataMax, ...onChart.map((t) => t.y)) * 1.1 || 1;
  const hasData = rows.some((r) => r.v !== null);
  return (
    <figure className="card chart" data-testid={`chart-${spec.metric}`}>
      <figcaption>
        <strong>{spec.title}</strong> <span className="muted">({spec.unit})</span>
      </figcaption>
      {q.error ? (
        <div className="alert alert-error" role="alert">
          Could not load {spec.title.toLowerCase()}: {q.error.message}
        </div>
      ) : null}
      {q.isPending ? <div className={`chart-placeholder muted ${styles.smallChart}`}>Loading…</div> : null}
      {q.data && !hasData ? <div className={`chart-placeholder muted ${styles.smallChart}`}>No {spec.title.toLowerCase()} samples in this range.</div> : null}
      {q.data && hasData ? (
        <div
          className={styles.smallChart}
          role="img"
          aria-label={`${spec.title} of ${detail.shard}, latest ${num(rows.findLast((r) => r.v !== null)?.v ?? 0)} ${spec.unit}; ${onChart.length} threshold line(s), ${spans.length} alert span(s), ${events.length} mitigation event(s)`}
        >
          <ResponsiveContainer width="100%" height="100%">
            <LineChart data={rows} margin={{ top: 16, right: 12, bottom: 0, left: 0 }}>
              <CartesianGrid stroke="var(--border)" strokeDasharray="3 3" />
              <XAxis
                dataKey="t"
                type="number"
                domain={[from, to]}
                scale="time"
                tickFormatter={(t: number) => formatTick(t, to - from)}
                stroke="var(--text-muted)"
                fontSize={11}
                minTickGap={40}
              />
              <YAxis domain={[0, top]} tickFormatter={num} stroke="var(--text-muted)" fontSize={11} width={48} allowDataOverflow />
              <Tooltip
                labelFormatter={(t) => new Date(Number(t)).toLocaleTimeString()}
                formatter={(v) => [`${num(Number(v))} ${spec.unit}`, spec.title]}
                contentStyle={{ background: "var(--surface)", border: "1px solid var(--border)", color: "var(--text)" }}
              />
              {spans.map((a) => (
                <ReferenceArea
                  key={a.id}
                  x1={a.x1}
                  x2={a.x2}
                  fill={a.severity === "critical" ? "var(--crit)" : "var(--warn)"}
                  fillOpacity={0.12}
                  className="alert-annotation"
                />
              ))}
              {events.map((e) => (
                <ReferenceLine key={e.id} x={e.x} stroke="var(--accent)" strokeWidth={2} className="mitigation-line" />
              ))}
              {onChart.map((t) => (
                <ReferenceLine
                  key={t.rule}
                  y={t.y}
                  stroke="var(--crit)"
                  strokeDasharray="6 4"
                  className="threshold-line"
                  label={{ value: t.rule, position: "insideBottomRight", fill: "var(--crit)", fontSize: 11 }}
                />
              ))}
              <Line dataKey="v" name={spec.title} stroke="var(--accent)" dot={false} isAnimationActive={false} connectNulls={false} />
            </LineChart>
          </ResponsiveContainer>
        </div>
      ) : null}
      {spans.length ? (
        <p className={styles.thresholds} data-testid="alert-spans">
          <span aria-hidden="true">▮ </span>
          Shaded: {spans.length === 1 ? "alert" : "alerts"} on this shard in the range — {[...new Set(spans.map((a) => a.label))].join(", ")}
        </p>
      ) : null}
      {events.length ? (
        <p className={styles.thresholds} data-testid="mitigation-events">
          <span aria-hidden="true">│ </span>
          Lines: {events.map((e) => e.label).join(", ")}
        </p>
      ) : null}
      {onChart.length || offChart.length ? (
        <ul className={styles.thresholds}>
          {[...onChart, ...offChart].map((t) => (
            <li key={t.rule}>
              <span aria-hidden="true">┄ </span>
              {t.rule} fires above {num(t.y)} {spec.unit} ({t.basis}){offChart.includes(t) ? " — far above the data, not drawn" : ""}
            </li>
          ))}
        </ul>
      ) : null}
    </figure>
  );
}
