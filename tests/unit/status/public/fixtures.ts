import type { TComponentRow, TNoticeRow } from "@/lib/status/public/assemble";

export const NOW = new Date("2026-11-23T12:00:00Z");
const d = (iso: string) => new Date(iso);

export function componentRow(over: Partial<TComponentRow> = {}): TComponentRow {
  return {
    id: "c-api",
    name: "Orders API",
    description: "Reads and writes of orders",
    position: 1,
    status: "operational",
    targets: [{ cluster: "orders", shard: "s-07", node: "db-3" }],
    showTargets: false,
    createdAt: d("2026-01-01T00:00:00Z"),
    updatedAt: d("2026-11-20T00:00:00Z"),
    ...over,
  };
}

export function noticeRow(over: Partial<TNoticeRow> = {}): TNoticeRow {
  return {
    id: "n-1",
    kind: "incident",
    title: "Slow order writes",
    impact: "major",
    status: "monitoring",
    sloName: "Order write latency",
    sloImpact: "p99 up to 800 ms, target 200 ms",
    expectedMinutes: 45,
    scheduledFor: null,
    scheduledUntil: null,
    startedAt: d("2026-11-23T09:00:00Z"),
    resolvedAt: null,
    publishedAt: d("2026-11-23T09:05:00Z"),
    updatedAt: d("2026-11-23T10:00:00Z"),
    components: [{ level: "partial_outage", component: { id: "c-api", name: "Orders API" } }],
    updates: [
      { id: "u-1", status: "investigating", body: "We are looking into slow writes.", createdAt: d("2026-11-23T09:05:00Z") },
      { id: "u-2", status: "monitoring", body: "A fix is in place <b>&</b> we are watching.", createdAt: d("2026-11-23T10:00:00Z") },
    ],
    ...over,
  };
}
