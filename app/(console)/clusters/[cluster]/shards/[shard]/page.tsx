import type { Metadata } from "next";
import { headers } from "next/headers";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Suspense } from "react";
import { ShardDetail } from "@/components/cluster/shard-detail";
import styles from "@/components/cluster/cluster.module.css";
import { getPageContext } from "@/lib/auth/page-actor";
import { getShardDetail } from "@/lib/dashboard/cluster";
import { NotFoundError } from "@/lib/errors";
import { getRuntime } from "@/lib/runtime";

type TProps = { params: Promise<{ cluster: string; shard: string }> };

export async function generateMetadata({ params }: TProps): Promise<Metadata> {
  const p = await params;
  return { title: `Shard ${decodeURIComponent(p.shard)} of ${decodeURIComponent(p.cluster)}` };
}

export default async function ShardPage({ params }: TProps) {
  const [p, page, rt] = await Promise.all([params, getPageContext(await headers()), getRuntime()]);
  if (!page) return null;
  const cluster = decodeURIComponent(p.cluster);
  const shard = decodeURIComponent(p.shard);
  const detail = await getShardDetail({ ctx: page.ctx, input: { cluster, shard }, store: rt.telemetry.store }).catch((err: unknown) => {
    if (err instanceof NotFoundError) notFound();
    throw err;
  });
  return (
    <>
      <div className="page-head">
        <div>
          <p className="muted">
            <Link href="/">Overview</Link> / <Link href={`/clusters/${encodeURIComponent(cluster)}`}>{cluster}</Link> / shard
          </p>
          <h1 className={styles.title}>{shard}</h1>
        </div>
      </div>
      <Suspense fallback={<p className="muted">Loading the shard…</p>}>
        <ShardDetail initial={detail} />
      </Suspense>
    </>
  );
}
