"use client";

import type { ReactNode } from "react";
import { CartesianGrid, Legend, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { fmtTime, gridRows, timeTicks } from "@/components/replication/format";
import type { TCacheResult } from "@/lib/dashboard/schemas";
import { fmtPct, fmtRate } from "./format";
import styles from "./cache.module.css";

type TFocus = NonNullable<TCacheResult["focus"]>;
const KEY_COLORS = ["#d9480f", "#1971c2", "#2b8a3e", "#ae3ec9", "#e67700"];
const TOOLTIP = { background: "var(--surface)", border: "1px solid var(--border)", color: "var(--text)" };

function TimeChart({ focus, rows, testId, height, children, yFormat }: { focus: TFocus; rows: object[]; testId: string; height?: number; children: ReactNode; yFormat: (v: number) => string }) {
  const from = focus.start;
  const to = focus.start + focus.buckets * focus.step;
  return (
    <div className={styles.chartBox} style={height ? { height } : undefined} data-testid={testId}>
      <ResponsiveContainer width="100%" height="100%">
        <LineChart data={rows} margin={{ top: 20, right: 16, bottom: 0, left: 0 }}>
          <CartesianGrid stroke="var(--border)" strokeDasharray="3 3" />
          <XAxis dataKey="t" type="number" domain={[from, to]} scale="time" ticks={timeTicks(from, to)} tickFormatter={fmtTime} stroke="var(--text-muted)" fontSize={12} />
          <YAxis stroke="var(--text-muted)" fontSize={12} width={56} tickFormatter={yFormat} />
          <Tooltip labelFormatter={(t) => new Date(Number(t)).toLocaleTimeString()} formatter={(v) => (typeof v === "number" ? yFormat(v) : "—")} contentStyle={TOOLTIP} />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          {children}
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}

/** Hit ratio against the baseline the cache-hit-drop rule uses, and the level under which it fires. */
export function HitRatioChart({ focus, rules }: { focus: TFocus; rules: TCacheResult["rules"] }) {
  const drop = rules.hitDrop?.fireDrop;
  const rows = gridRows(focus, {
    ratio: focus.hitRatio,
    baseline: focus.baseline,
    fires: drop === undefined ? [] : focus.baseline.map((b) => (b === null ? null : Math.max(0, b - drop))),
  });
  return (
    <TimeChart focus={focus} rows={rows} testId="hit-ratio-chart" yFormat={(v) => fmtPct(v, 0)}>
      <Line dataKey="ratio" name="hit ratio" stroke="var(--accent)" strokeWidth={2} dot={false} isAnimationActive={false} connectNulls />
      <Line dataKey="baseline" name={`baseline (${rules.hitDrop?.baselineMinutes ?? 20} min)`} stroke="var(--text)" strokeDasharray="6 4" dot={false} isAnimationActive={false} connectNulls />
      {drop !== undefined ? (
        <Line dataKey="fires" name={`${rules.hitDrop!.rule} fires below`} stroke="var(--crit)" strokeDasharray="2 3" dot={false} isAnimationActive={false} connectNulls />
      ) : null}
    </TimeChart>
  );
}

export function RateChart({ focus, which }: { focus: TFocus; which: "gets" | "evictions" }) {
  const rows = gridRows(focus, { v: which === "gets" ? focus.getsPerSec : focus.evictionsPerSec });
  return (
    <TimeChart focus={focus} rows={rows} testId={`${which}-chart`} height={200} yFormat={fmtRate}>
      <Line dataKey="v" name={which === "gets" ? "gets/s" : "evictions/s"} stroke={which === "gets" ? "var(--accent)" : "var(--warn)"} dot={false} isAnimationActive={false} connectNulls />
    </TimeChart>
  );
}

/** The node's hottest keys: each one's share of the node's gets over time, against the hot-key threshold. */
export function HotKeyShareChart({ focus, rules }: { focus: TFocus; rules: TCacheResult["rules"] }) {
  const series: Record<string, (number | null)[]> = {};
  focus.hotKeys.forEach((k, i) => (series[`k${i}`] = k.share));
  const rows = gridRows(focus, series);
  return (
    <TimeChart focus={focus} rows={rows} testId="hot-key-chart" height={240} yFormat={(v) => fmtPct(v, 0)}>
      {focus.hotKeys.map((k, i) => (
        <Line key={k.key} dataKey={`k${i}`} name={k.key} stroke={KEY_COLORS[i % KEY_COLORS.length]} dot={false} isAnimationActive={false} connectNulls />
      ))}
      {rules.hotKey ? (
        <ReferenceLine
          y={rules.hotKey.fireShare}
          ifOverflow="extendDomain"
          stroke="var(--crit)"
          strokeDasharray="6 4"
          label={{ value: `${rules.hotKey.rule} fires at ${fmtPct(rules.hotKey.fireShare, 0)}`, position: "insideTopLeft", fill: "var(--crit)", fontSize: 12 }}
        />
      ) : null}
    </TimeChart>
  );
}
