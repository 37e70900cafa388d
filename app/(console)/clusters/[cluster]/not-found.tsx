import Link from "next/link";

// An unknown cluster or shard: say so, and lead back to the clusters there are.
export default function ClusterNotFound() {
  return (
    <section className="card" aria-labelledby="nf-h" data-testid="cluster-not-found">
      <div className="empty">
        <h1 id="nf-h">Nothing watched here</h1>
        <p>No cluster or shard by that name has sent telemetry to this Shardwatch. It may have been renamed, or the link has a typo.</p>
        <p>
          <Link className="btn" href="/">
            See every cluster on the overview
          </Link>
        </p>
      </div>
    </section>
  );
}
