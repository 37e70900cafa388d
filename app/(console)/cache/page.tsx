import type { Metadata } from "next";
import { Suspense } from "react";
import { CacheView } from "@/components/cache/cache-view";

export const metadata: Metadata = { title: "Cache" };

export default function CachePage() {
  return (
    <>
      <div className="page-head">
        <div>
          <h1>Cache</h1>
          <p className="muted">Each cache node&apos;s hit ratio against its own baseline, its load and evictions, and the keys that take a large share of its gets.</p>
        </div>
      </div>
      <Suspense fallback={<p className="muted">Loading the cache tier…</p>}>
        <CacheView />
      </Suspense>
    </>
  );
}
