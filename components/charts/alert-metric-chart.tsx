"use client";

import { useQueries } from "@tanstack/react-query";
import { CartesianGrid, Legend, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { fetchJson } from "@/components/api/fetch-json";
import { queryKeys } from "@/components/api/query-keys";
import { formatValue, type TAlert } from "@/components/alerts/format";
import type { TRangeResult } from "@/lib/telemetry/query/schemas";
import { chartSpec, lineKey, lineQuery, timeTicks, toChartRows, type TRuleInfo } from "./alert-metric-spec";

const COLORS = ["var(--accent)", "var(--text-muted)", "var(--crit)"];
const DASHES = [undefined, "5 4", "2 3"];
const MIN_BEFORE_MS = 5 * 60_000;
const AFTER_MS = 5 * 60_000;

const tick = (t: number) => new Date(t).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });

/** The target's metric around the alert, with its onset and firing marked. */
export function AlertMetricChart({ alert, rule, asOf }: { alert: TAlert; rule: TRuleInfo; asOf: number }) {
  const spec = chartSpec(rule, alert.labels);
  // Rounded to 10 s so a still-open alert's chart is refetched at most that often.
  const now = Math.floor(asOf / 10_000) * 10_000;
  const to = Math.min(now, (alert.resolvedAt ?? now) + AFTER_MS);
  // As much before the onset as after it (at least 5 min), so the onset sits mid-chart or right of it.
  const from = alert.activeAt - Math.max(MIN_BEFORE_MS, to - alert.activeAt);
  const results = useQueries({
    queries: spec.lines.map((line) => {
      const params = lineQuery(line, alert.labels, from, to);
      return {
        queryKey: queryKeys.range(params),
        queryFn: () => fetchJson<TRangeResult>(`/api/v1/query?${new URLSearchParams(params).toString()}`),
        placeholderData: (prev: TRangeResult | undefined) => prev,
      };
    }),
  });
  const rows = toChartRows(
    spec.lines,
    results.map((r) => r.data),
  );
  const error = results.find((r) => r.error)?.error;
  const pending = results.some((r) => r.isPending);
  return (
    <figure className="chart" aria-labelledby="chart-caption">
      <figcaption id="chart-caption">
        <strong>{spec.title}</strong>{" "}
        <span className="muted">
          · {tick(from)} to {tick(to)}; dashed lines: onset and firing
        </span>
      </figcaption>
      {error ? (
        <div className="alert alert-error" role="alert">
          Could not load the metric: {error.message}
        </div>
      ) : null}
      {pending ? <div className="chart-placeholder muted">Loading the metric…</div> : null}
      {!pending && !error && rows.length === 0 ? <div className="chart-placeholder muted">No samples of this metric around the alert.</div> : null}
      {rows.length > 0 ? (
        <div className="chart-box" data-testid="alert-chart">
          <ResponsiveContainer width="100%" height="100%">
            <LineChart data={rows} margin={{ top: 16, right: 16, bottom: 0, left: 0 }}>
              <CartesianGrid stroke="var(--border)" strokeDasharray="3 3" />
              <XAxis
                dataKey="t"
                type="number"
                domain={[from, to]}
                scale="time"
                ticks={timeTicks(from, to)}
                tickFormatter={tick}
                stroke="var(--text-muted)"
                fontSize={12}
              />
              <YAxis stroke="var(--text-muted)" fontSize={12} width={56} tickFormatter={(v: number) => formatValue(v)} />
              <Tooltip
                labelFormatter={(t) => new Date(Number(t)).toLocaleTimeString()}
                formatter={(v) => formatValue(typeof v === "number" ? v : null)}
                contentStyle={{ background: "var(--surface)", border: "1px solid var(--border)", color: "var(--text)" }}
              />
              <Legend />
              {spec.lines.map((line, i) => (
                <Line
                  key={line.name}
                  dataKey={lineKey(i)}
                  name={line.name}
                  stroke={COLORS[i % COLORS.length]}
                  strokeDasharray={DASHES[i % DASHES.length]}
                  dot={false}
                  isAnimationActive={false}
                  connectNulls
                />
              ))}
              <ReferenceLine
                x={alert.activeAt}
                stroke="var(--warn)"
                strokeDasharray="4 4"
                label={{ value: "onset", position: "insideBottomRight", fill: "var(--warn)", fontSize: 12 }}
              />
              {alert.firedAt ? (
                <ReferenceLine
                  x={alert.firedAt}
                  stroke="var(--crit)"
                  strokeDasharray="4 4"
                  label={{ value: "fired", position: "insideTopRight", fill: "var(--crit)", fontSize: 12 }}
                />
              ) : null}
              {alert.resolvedAt ? (
                <ReferenceLine
                  x={alert.resolvedAt}
                  stroke="var(--ok)"
                  strokeDasharray="4 4"
                  label={{ value: "resolved", position: "insideBottomLeft", fill: "var(--ok)", fontSize: 12 }}
                />
              ) : null}
            </LineChart>
          </ResponsiveContainer>
        </div>
      ) : null}
    </figure>
  );
}
