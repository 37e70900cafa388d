import { DetectionView, ViewCache, type TClusterView } from "@/lib/detection/engine/view";
import type { WindowStore } from "@/lib/telemetry/window-store";

// The dashboard's own view of the window, kept per store so the grouping of things by cluster is
// rebuilt only when series come or go (not per request). Its columns are refreshed on every call:
// read them synchronously, before the next await, as another request may refresh them meanwhile.

const STALE_MS = 30_000;
const caches = new WeakMap<WindowStore, ViewCache>();

function cacheOf(store: WindowStore): ViewCache {
  let c = caches.get(store);
  if (!c) caches.set(store, (c = new ViewCache()));
  if (c.version !== store.version || c.store !== store) c.rebuild(store);
  return c;
}

/** The clusters in the window and their things (columns not refreshed). */
export function liveClusters(store: WindowStore): Map<string, TClusterView> {
  return cacheOf(store).clusters;
}

/** The window as of `now`, with every thing's latest value in columns. */
export function liveView(store: WindowStore, now: number): DetectionView {
  return DetectionView.of(store, now, { staleMs: STALE_MS }, cacheOf(store));
}
