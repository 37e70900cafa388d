"use client";

import { CartesianGrid, Legend, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { TReplicationResult } from "@/lib/dashboard/schemas";
import { fmtSeconds, fmtTime, gridRows, timeTicks } from "./format";
import styles from "./replication.module.css";

const WORST_COLORS = ["#d9480f", "#1971c2", "#2b8a3e", "#ae3ec9", "#e67700", "#0c8599", "#c2255c", "#5f3dc4", "#5c940d", "#862e9c"];

/** Lag of the worst replicas against the cluster's p99 and max, with the SLO line labelled by its rule. */
export function LagChart({ data }: { data: TReplicationResult }) {
  const { chart, slo } = data;
  const series: Record<string, (number | null)[]> = { p99: chart.p99, max: chart.max };
  chart.worst.forEach((w, i) => (series[`w${i}`] = w.values));
  const rows = gridRows(chart, series);
  const from = chart.start;
  const to = chart.start + chart.buckets * chart.step;
  const hasData = chart.p99.some((v) => v !== null);
  return (
    <figure className={styles.chart} aria-labelledby="lag-chart-caption">
      <figcaption id="lag-chart-caption">
        <strong>Replication lag (s)</strong>{" "}
        <span className="muted">
          · the {chart.worst.length} worst replicas now, and p99 / max across all {data.counts.total} replicas of {data.cluster}
        </span>
      </figcaption>
      {slo ? (
        <p className={styles.slo} data-testid="slo-line">
          <span aria-hidden="true" className={styles.sloSwatch} /> SLO line: rule <span className="mono">{slo.rule}</span> fires above {fmtSeconds(slo.seconds)}
        </p>
      ) : (
        <p className="muted">No enabled replica-lag rule covers this cluster, so there is no SLO line.</p>
      )}
      {hasData ? (
        <div className={styles.chartBox} data-testid="lag-chart">
          <ResponsiveContainer width="100%" height="100%">
            <LineChart data={rows} margin={{ top: 20, right: 16, bottom: 0, left: 0 }}>
              <CartesianGrid stroke="var(--border)" strokeDasharray="3 3" />
              <XAxis dataKey="t" type="number" domain={[from, to]} scale="time" ticks={timeTicks(from, to)} tickFormatter={fmtTime} stroke="var(--text-muted)" fontSize={12} />
              <YAxis stroke="var(--text-muted)" fontSize={12} width={52} tickFormatter={(v: number) => `${v} s`} />
              <Tooltip
                labelFormatter={(t) => new Date(Number(t)).toLocaleTimeString()}
                formatter={(v) => fmtSeconds(typeof v === "number" ? v : null)}
                contentStyle={{ background: "var(--surface)", border: "1px solid var(--border)", color: "var(--text)" }}
              />
              <Legend wrapperStyle={{ fontSize: 12 }} />
              <Line dataKey="max" name="max (all replicas)" stroke="var(--text-muted)" strokeDasharray="2 3" dot={false} isAnimationActive={false} connectNulls />
              <Line dataKey="p99" name="p99 (all replicas)" stroke="var(--text)" strokeWidth={2.5} dot={false} isAnimationActive={false} connectNulls />
              {chart.worst.map((w, i) => (
                <Line key={w.replica} dataKey={`w${i}`} name={w.replica} stroke={WORST_COLORS[i % WORST_COLORS.length]} strokeWidth={1.25} dot={false} isAnimationActive={false} connectNulls />
              ))}
              {slo ? (
                <ReferenceLine
                  y={slo.seconds}
                  ifOverflow="extendDomain"
                  stroke="var(--crit)"
                  strokeDasharray="6 4"
                  strokeWidth={1.5}
                  label={{ value: `SLO ${slo.rule} · ${slo.seconds} s`, position: "insideTopLeft", fill: "var(--crit)", fontSize: 12 }}
                />
              ) : null}
            </LineChart>
          </ResponsiveContainer>
        </div>
      ) : (
        <div className="chart-placeholder muted">No lag samples in this range.</div>
      )}
    </figure>
  );
}
