import Link from "next/link";
import { StatusBadge } from "@/components/ui/status-badge";
import type { TClusterShards } from "@/lib/dashboard/cluster/schemas";
import styles from "./cluster.module.css";
import { formatMetric, pct, shardHref } from "./format";

type TTop = TClusterShards["top"][number];

function Status({ s }: { s: TTop }) {
  if (s.status === "ok") return <StatusBadge tone="ok">OK</StatusBadge>;
  const first = s.alerts.find((a) => a.state === s.status) ?? s.alerts[0]!;
  return (
    <Link href={`/alerts/${first.id}`} title={s.alerts.map((a) => `${a.rule} (${a.state})`).join(", ")}>
      {s.status === "firing" ? (
        <StatusBadge tone="crit" icon="▲">
          Hot · {first.rule}
        </StatusBadge>
      ) : (
        <StatusBadge tone="warn">Pending · {first.rule}</StatusBadge>
      )}
    </Link>
  );
}

/** The busiest shards now, with their share of cluster load against the fair share (1/n). */
export function HotShardsTable({ data, cluster }: { data: TClusterShards; cluster: string }) {
  const scale = Math.max(data.top[0]?.share ?? 0, data.fairShare * 2, 0.0001);
  return (
    <div className="table-wrap">
      <table data-testid="top-shards">
        <thead>
          <tr>
            <th scope="col">#</th>
            <th scope="col">Shard</th>
            <th scope="col">Share of load (fair {pct(data.fairShare)})</th>
            <th scope="col" className={styles.num}>
              qps
            </th>
            <th scope="col" className={styles.num}>
              p99
            </th>
            <th scope="col" className={styles.num}>
              CPU
            </th>
            <th scope="col">Node</th>
            <th scope="col">Status</th>
          </tr>
        </thead>
        <tbody>
          {data.top.map((s, i) => (
            <tr key={s.shard} data-testid="top-shard-row" data-shard={s.shard}>
              <td>{i + 1}</td>
              <td>
                <Link className="mono" href={shardHref(cluster, s.shard)}>
                  {s.shard}
                </Link>
              </td>
              <td>
                <span className={styles.shareCell}>
                  <span className={styles.shareBar} aria-hidden="true">
                    <span className={styles.shareFill} style={{ width: `${(s.share / scale) * 100}%` }} />
                    <span className={styles.shareFair} style={{ left: `${(data.fairShare / scale) * 100}%` }} />
                  </span>
                  <span>
                    {pct(s.share)} <span className="muted">({s.shareOfFair.toFixed(1)}× fair)</span>
                  </span>
                </span>
              </td>
              <td className={styles.num}>{formatMetric("qps", s.qps)}</td>
              <td className={styles.num}>{formatMetric("p99Ms", s.p99Ms)}</td>
              <td className={styles.num}>{formatMetric("cpu", s.cpu)}</td>
              <td className={`mono ${styles.nowrap}`}>{s.node}</td>
              <td className={styles.nowrap}>
                <Status s={s} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
