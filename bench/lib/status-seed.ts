import type { TDatabase } from "@/lib/db";

// A lived-in status page for the bench and for looking at the page: components, ~20 published
// notices with updates spread over 90 days, one open incident, one maintenance ahead, one draft.

const DAY = 86_400_000;
const MIN = 60_000;

const COMPONENTS = [
  { name: "Orders API", description: "Placing and reading orders", targets: [{ cluster: "orders", shard: "s-07", node: "db-3" }] },
  { name: "Checkout", description: "Payment and confirmation", targets: [{ cluster: "orders", node: "db-4" }] },
  { name: "Search", description: "Product search and suggestions", targets: [{ cluster: "catalog" }] },
  { name: "Session cache", description: "Sign-in sessions", targets: [{ cluster: "sessions", cacheNode: "c-2" }], showTargets: true },
  { name: "Reporting", description: "Dashboards and exports", targets: [{ cluster: "warehouse" }] },
  { name: "Webhooks", description: "Outgoing notifications", targets: [] },
];
const LEVELS = ["degraded_performance", "partial_outage", "major_outage"] as const;
const IMPACT = { degraded_performance: "minor", partial_outage: "major", major_outage: "critical" } as const;

export async function seedStatusPage(db: TDatabase, now = Date.now(), pastCount = 20) {
  const components = [];
  for (const [i, c] of COMPONENTS.entries()) {
    components.push(
      await db.prisma.statusComponent.create({
        data: { ...c, position: i, status: i === 0 ? "partial_outage" : "operational", createdAt: new Date(now - 120 * DAY) },
      }),
    );
  }
  for (let k = 0; k < pastCount; k++) {
    const start = now - Math.floor(((k + 0.5) * 88 * DAY) / pastCount) - (k % 5) * 3 * 3_600_000;
    const minutes = 20 + ((k * 37) % 160);
    const level = LEVELS[k % 3]!;
    const comp = components[k % components.length]!;
    await db.prisma.notice.create({
      data: {
        kind: k % 4 === 3 ? "sla_downgrade" : "incident",
        title: `${comp.name}: ${level === "major_outage" ? "unavailable" : level === "partial_outage" ? "errors for some requests" : "slower than usual"}`,
        impact: IMPACT[level],
        state: "published",
        status: "resolved",
        sloName: `${comp.name} availability`,
        sloImpact: level === "major_outage" ? "down for everyone" : "p99 up to 900 ms, target 250 ms",
        startedAt: new Date(start),
        resolvedAt: new Date(start + minutes * MIN),
        publishedAt: new Date(start + 4 * MIN),
        components: { create: [{ componentId: comp.id, level }] },
        updates: {
          create: [
            { status: "investigating", body: "We are investigating reports of errors.", createdAt: new Date(start + 4 * MIN) },
            { status: "identified", body: "A hot partition is overloaded; we are moving load off it.", createdAt: new Date(start + 12 * MIN) },
            { status: "monitoring", body: "Load is spread again. We are watching error rates.", createdAt: new Date(start + (minutes - 8) * MIN) },
            { status: "resolved", body: "Error rates are back to normal.", createdAt: new Date(start + minutes * MIN) },
          ],
        },
      },
    });
  }
  const api = components[0]!;
  await db.prisma.notice.create({
    data: {
      kind: "incident",
      title: "Elevated error rate on order writes",
      impact: "major",
      state: "published",
      status: "identified",
      sloName: "Order write latency",
      sloImpact: "p99 up to 800 ms, target 200 ms",
      expectedMinutes: 45,
      startedAt: new Date(now - 35 * MIN),
      publishedAt: new Date(now - 30 * MIN),
      components: {
        create: [
          { componentId: api.id, level: "partial_outage" },
          { componentId: components[1]!.id, level: "degraded_performance" },
        ],
      },
      updates: {
        create: [
          { status: "investigating", body: "Some order writes fail or take several seconds. We are investigating.", createdAt: new Date(now - 30 * MIN) },
          {
            status: "identified",
            body: "One partition of the orders database is overloaded.\nWe are splitting it; writes recover as the split completes.",
            createdAt: new Date(now - 10 * MIN),
          },
        ],
      },
    },
  });
  await db.prisma.notice.create({
    data: {
      kind: "maintenance",
      title: "Resharding the catalog database",
      impact: "none",
      state: "published",
      status: "scheduled",
      scheduledFor: new Date(now + 2 * DAY),
      scheduledUntil: new Date(now + 2 * DAY + 60 * MIN),
      publishedAt: new Date(now - DAY),
      components: { create: [{ componentId: components[2]!.id, level: "under_maintenance" }] },
      updates: { create: [{ status: "scheduled", body: "Search may be slower for up to an hour while we reshard.", createdAt: new Date(now - DAY) }] },
    },
  });
  await db.prisma.notice.create({
    data: {
      kind: "incident",
      title: "DRAFT: not for the public",
      state: "draft",
      status: "investigating",
      updates: { create: [{ status: "investigating", body: "draft body" }] },
    },
  });
  return { components: components.length, notices: pastCount + 3 };
}
