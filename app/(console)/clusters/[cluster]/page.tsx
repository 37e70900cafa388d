import type { Metadata } from "next";
import { headers } from "next/headers";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Suspense } from "react";
import { ClusterView } from "@/components/cluster/cluster-view";
import styles from "@/components/cluster/cluster.module.css";
import { getPageContext } from "@/lib/auth/page-actor";
import { getClusterPage } from "@/lib/dashboard/cluster";
import { NotFoundError } from "@/lib/errors";
import { getRuntime } from "@/lib/runtime";

type TProps = { params: Promise<{ cluster: string }> };

export async function generateMetadata({ params }: TProps): Promise<Metadata> {
  return { title: `Cluster ${decodeURIComponent((await params).cluster)}` };
}

export default async function ClusterPage({ params }: TProps) {
  const [{ cluster: raw }, page, rt] = await Promise.all([params, getPageContext(await headers()), getRuntime()]);
  if (!page) return null;
  const cluster = decodeURIComponent(raw);
  const head = await getClusterPage({ ctx: page.ctx, input: { cluster }, store: rt.telemetry.store }).catch((err: unknown) => {
    if (err instanceof NotFoundError) notFound();
    throw err;
  });
  return (
    <>
      <div className="page-head">
        <div>
          <p className="muted">
            <Link href="/">Overview</Link> / cluster
          </p>
          <h1 className={styles.title}>{head.displayName ?? head.name}</h1>
          <p className="muted">
            {head.description ? `${head.description} · ` : ""}
            {head.shards} shards · {head.nodes} nodes · {head.replicas} replicas · <Link href={`/alerts?cluster=${encodeURIComponent(cluster)}`}>alerts</Link> ·{" "}
            <Link href={`/replication?cluster=${encodeURIComponent(cluster)}`}>replication</Link>
          </p>
        </div>
      </div>
      <Suspense fallback={<p className="muted">Loading the cluster…</p>}>
        <ClusterView cluster={cluster} />
      </Suspense>
    </>
  );
}
