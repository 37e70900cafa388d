"use client";

import { CartesianGrid, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { shareOfTop } from "@/lib/dashboard/cluster/distribution";
import type { TClusterShards } from "@/lib/dashboard/cluster/schemas";
import styles from "./cluster.module.css";
import { pct } from "./format";

const percent = (v: number) => `${Math.round(v * 100)}%`;

/** The Lorenz curve of shard qps against the line of perfect equality, with the Gini index written out. */
export function LoadDistribution({ data }: { data: TClusterShards["distribution"] }) {
  const rows = data.points.map(([x, y]) => ({ x, y }));
  const top10 = shareOfTop(data.points, 0.1);
  return (
    <figure className="chart" data-testid="load-distribution">
      <figcaption>
        <strong>Gini {data.gini === null ? "—" : data.gini.toFixed(2)}</strong>{" "}
        <span className="muted">
          (0 = every shard equal, 1 = one shard takes all){top10 !== null ? `; the busiest 10% of shards carry ${pct(top10)} of the load` : ""}.
        </span>
      </figcaption>
      {rows.length ? (
        <div
          className={styles.lorenzBox}
          role="img"
          aria-label={`Lorenz curve of shard qps over ${data.shards} shards; Gini ${data.gini?.toFixed(2) ?? "unknown"}. The further the curve sags below the diagonal, the more skewed the load.`}
        >
          <ResponsiveContainer width="100%" height="100%">
            <LineChart data={rows} margin={{ top: 8, right: 16, bottom: 16, left: 0 }}>
              <CartesianGrid stroke="var(--border)" strokeDasharray="3 3" />
              <XAxis
                dataKey="x"
                type="number"
                domain={[0, 1]}
                ticks={[0, 0.25, 0.5, 0.75, 1]}
                tickFormatter={percent}
                stroke="var(--text-muted)"
                fontSize={12}
                label={{ value: "shards, least busy first", position: "insideBottom", offset: -10, fill: "var(--text-muted)", fontSize: 12 }}
              />
              <YAxis
                type="number"
                domain={[0, 1]}
                ticks={[0, 0.25, 0.5, 0.75, 1]}
                tickFormatter={percent}
                stroke="var(--text-muted)"
                fontSize={12}
                width={44}
              />
              <Tooltip
                formatter={(v) => [percent(Number(v)), "share of qps"]}
                labelFormatter={(x) => `${percent(Number(x))} of shards`}
                contentStyle={{ background: "var(--surface)", border: "1px solid var(--border)", color: "var(--text)" }}
              />
              <ReferenceLine
                segment={[
                  { x: 0, y: 0 },
                  { x: 1, y: 1 },
                ]}
                stroke="var(--text-muted)"
                strokeDasharray="4 4"
                label={{ value: "equal load", position: "insideTopLeft", fill: "var(--text-muted)", fontSize: 12 }}
              />
              <Line dataKey="y" name="share of qps" stroke="var(--accent)" strokeWidth={2} dot={false} isAnimationActive={false} />
            </LineChart>
          </ResponsiveContainer>
        </div>
      ) : (
        <div className="chart-placeholder muted">No shard reports qps right now.</div>
      )}
    </figure>
  );
}
