import Link from "next/link";
import type { TClusterShards } from "@/lib/dashboard/cluster/schemas";
import styles from "./cluster.module.css";
import { formatMetric, pct, shardHref } from "./format";

/** Load per node, the busiest first. */
export function NodeTable({ data, cluster }: { data: TClusterShards; cluster: string }) {
  const fair = data.nodesTotal ? 1 / data.nodesTotal : 0;
  return (
    <>
      <div className="table-wrap">
        <table data-testid="node-table">
          <thead>
            <tr>
              <th scope="col">Node</th>
              <th scope="col" className={styles.num}>
                Shards
              </th>
              <th scope="col" className={styles.num}>
                Total qps
              </th>
              <th scope="col" className={styles.num}>
                Share (fair {pct(fair)})
              </th>
              <th scope="col">Hottest shard</th>
              <th scope="col" className={styles.num}>
                Max CPU
              </th>
            </tr>
          </thead>
          <tbody>
            {data.nodes.map((n) => (
              <tr key={n.node}>
                <td className={`mono ${styles.nowrap}`}>{n.node}</td>
                <td className={styles.num}>{n.shards}</td>
                <td className={styles.num}>{formatMetric("qps", n.qps)}</td>
                <td className={styles.num}>{pct(n.share)}</td>
                <td className={styles.nowrap}>
                  <Link className="mono" href={shardHref(cluster, n.hottest.shard)}>
                    {n.hottest.shard}
                  </Link>{" "}
                  <span className="muted">{formatMetric("qps", n.hottest.qps)}</span>
                </td>
                <td className={styles.num}>{formatMetric("cpu", n.maxCpu)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {data.nodesTotal > data.nodes.length ? (
        <p className="muted">
          The {data.nodes.length} busiest of {data.nodesTotal} nodes.
        </p>
      ) : null}
    </>
  );
}
