import type { Metadata } from "next";
import { Suspense } from "react";
import { ReplicationView } from "@/components/replication/replication-view";

export const metadata: Metadata = { title: "Replication" };

export default function ReplicationPage() {
  return (
    <>
      <div className="page-head">
        <div>
          <h1>Replication</h1>
          <p className="muted">How far each replica is behind, against the replication-lag SLO. The worst replicas first; filters and range live in the address.</p>
        </div>
      </div>
      <Suspense fallback={<p className="muted">Loading replication…</p>}>
        <ReplicationView />
      </Suspense>
    </>
  );
}
