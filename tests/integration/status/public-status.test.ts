import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { statusChanged } from "@/lib/status/changes";
import { getPublicFeed } from "@/lib/status/public/get-public-feed";
import { getPublicStatus } from "@/lib/status/public/get-public-status";
import { publicCache, readFeedBody, readPublicStatus, readSummaryBody } from "@/lib/status/public/read";
import { renderAtomFeed } from "@/lib/status/public/feed";
import { toSummary } from "@/lib/status/public/summary";
import { BACKENDS, migratedDatabase, type TTestDatabase } from "../helpers/databases";

const NOW = new Date("2026-11-23T12:00:00Z");
const INFO = { name: "Acme status", baseUrl: "https://status.acme.test" };
const at = (iso: string) => new Date(iso);

// Fixture rows straight through Prisma: the operator-side services are built elsewhere.
async function seed(db: TTestDatabase) {
  const api = await db.prisma.statusComponent.create({
    data: {
      name: "Orders API",
      position: 1,
      status: "partial_outage",
      targets: [{ cluster: "orders-internal-x", shard: "shard-secret-77", node: "host-db-secret-3" }],
      createdAt: at("2026-06-01T00:00:00Z"),
    },
  });
  const cache = await db.prisma.statusComponent.create({
    data: {
      name: "Session cache",
      position: 2,
      showTargets: true,
      targets: [{ cluster: "sessions-visible", cacheNode: "cache-node-visible-2" }],
      createdAt: at("2026-06-01T00:00:00Z"),
    },
  });
  const notice = (state: string, title: string, extra: Record<string, unknown> = {}) =>
    db.prisma.notice.create({
      data: {
        kind: "incident",
        title,
        impact: "major",
        state,
        status: "identified",
        startedAt: at("2026-11-23T09:00:00Z"),
        publishedAt: state === "published" ? at("2026-11-23T09:05:00Z") : null,
        components: { create: [{ componentId: api.id, level: "partial_outage" }] },
        updates: {
          create: [
            { status: "investigating", body: `${title}: first look`, createdAt: at("2026-11-23T09:05:00Z") },
            { status: "identified", body: `${title}: found it`, createdAt: at("2026-11-23T10:00:00Z") },
          ],
        },
        ...extra,
      },
    });
  const published = await notice("published", "Slow order writes");
  await notice("draft", "DRAFT-never-public");
  await notice("discarded", "DISCARDED-never-public");
  await notice("published", "Yesterday's cache blip", {
    status: "resolved",
    impact: "minor",
    startedAt: at("2026-11-22T08:00:00Z"),
    resolvedAt: at("2026-11-22T08:30:00Z"),
    components: { create: [{ componentId: cache.id, level: "major_outage" }] },
  });
  return { api, cache, published };
}

describe.each(BACKENDS)("public status on %s", (kind) => {
  let db: TTestDatabase;
  beforeEach(async () => {
    db = await migratedDatabase(kind);
    statusChanged(); // the process-wide cache may hold another test's database
  });
  afterEach(() => db.drop());

  it("shows published notices only: page data, summary.json and the feed", async () => {
    const { published } = await seed(db);
    const status = await getPublicStatus({ ctx: { db: db.prisma, now: NOW } });
    const summary = JSON.stringify(toSummary(status, INFO));
    const feed = renderAtomFeed(await getPublicFeed({ ctx: { db: db.prisma } }), INFO, NOW);
    for (const text of [JSON.stringify(status), summary, feed]) {
      expect(text).not.toContain("DRAFT-never-public");
      expect(text).not.toContain("DISCARDED-never-public");
    }
    expect(status.active.map((n) => n.id)).toEqual([published.id]);
    expect(status.overall.indicator).toBe("major");
    expect(status.history.find((d) => d.date === "2026-11-22")!.notices.map((n) => n.title)).toEqual(["Yesterday's cache blip"]);
    expect(status.components[1]!.days.at(-2)).toMatchObject({ level: "major_outage", ms: { major_outage: 30 * 60_000 } });
    expect(feed.match(/<entry>/g)).toHaveLength(4); // two updates on each of the two published notices
    expect(feed).toContain("Slow order writes: found it");
  });

  it("names a component's targets only where showTargets is on", async () => {
    await seed(db);
    const status = await getPublicStatus({ ctx: { db: db.prisma, now: NOW } });
    const everything = [
      JSON.stringify(status),
      JSON.stringify(toSummary(status, INFO)),
      renderAtomFeed(await getPublicFeed({ ctx: { db: db.prisma } }), INFO, NOW),
    ].join("\n");
    for (const secret of ["orders-internal-x", "shard-secret-77", "host-db-secret-3"]) expect(everything).not.toContain(secret);
    expect(status.components[1]!.targets).toEqual(["sessions-visible / cache node cache-node-visible-2"]);
    expect(toSummary(status, INFO).components[1]!.shardwatch).toEqual({ targets: ["sessions-visible / cache node cache-node-visible-2"] });
  });

  it("keeps serving the cached status until statusChanged(), then reads the database again", async () => {
    const { api, published } = await seed(db);
    const before = await readPublicStatus(db.prisma);
    const summaryBefore = await readSummaryBody(db.prisma, INFO);
    const feedBefore = await readFeedBody(db.prisma, INFO);
    expect(before.overall.indicator).toBe("major");

    await db.prisma.statusComponent.update({ where: { id: api.id }, data: { status: "major_outage" } });
    await db.prisma.noticeUpdate.create({ data: { noticeId: published.id, status: "monitoring", body: "A fix is rolling out" } });
    expect(await readPublicStatus(db.prisma)).toBe(before);
    expect(await readSummaryBody(db.prisma, INFO)).toBe(summaryBefore);
    expect((await readFeedBody(db.prisma, INFO)).body).not.toContain("A fix is rolling out");

    statusChanged();
    const after = await readPublicStatus(db.prisma);
    expect(after.overall).toEqual({ indicator: "critical", description: "Major System Outage" });
    const summaryAfter = await readSummaryBody(db.prisma, INFO);
    expect(summaryAfter.etag).not.toBe(summaryBefore.etag);
    expect(JSON.parse(summaryAfter.body)).toMatchObject({ status: { indicator: "critical" } });
    expect((await readFeedBody(db.prisma, INFO)).body).toContain("A fix is rolling out");
    expect(feedBefore.etag).not.toBe((await readFeedBody(db.prisma, INFO)).etag);
  });

  it("loads once for many concurrent readers", async () => {
    await seed(db);
    const loadsBefore = publicCache().loads;
    const all = await Promise.all(Array.from({ length: 20 }, () => readPublicStatus(db.prisma)));
    expect(new Set(all).size).toBe(1);
    expect(publicCache().loads - loadsBefore).toBe(1);
  });
});
