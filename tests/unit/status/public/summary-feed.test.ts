import { describe, expect, it } from "vitest";
import { assemblePublicStatus } from "@/lib/status/public/assemble";
import { renderAtomFeed, xmlEscape } from "@/lib/status/public/feed";
import type { TPublicFeedEntry } from "@/lib/status/public/schema";
import { toSummary, ZSummary } from "@/lib/status/public/summary";
import { componentRow, noticeRow, NOW } from "./fixtures";
import { childNamed, childrenNamed, parseXml } from "./xml";

const INFO = { name: "Acme <status> & co", baseUrl: "https://status.acme.test" };

describe("public status assembly", () => {
  const status = assemblePublicStatus(
    {
      components: [
        componentRow({ status: "partial_outage" }),
        componentRow({ id: "c-cache", name: "Session cache", position: 2, showTargets: true, targets: [{ cluster: "sessions", cacheNode: "c-2" }] }),
      ],
      notices: [
        noticeRow(),
        noticeRow({
          id: "n-old",
          title: "Old outage",
          status: "resolved",
          startedAt: new Date("2026-11-21T08:00:00Z"),
          resolvedAt: new Date("2026-11-21T09:00:00Z"),
          updates: [],
        }),
        noticeRow({
          id: "n-mnt",
          kind: "maintenance",
          title: "Resharding",
          impact: "none",
          status: "scheduled",
          scheduledFor: new Date("2026-11-25T02:00:00Z"),
          scheduledUntil: new Date("2026-11-25T03:00:00Z"),
          updates: [],
        }),
      ],
    },
    NOW,
  );

  it("hides a component's targets unless it allows them", () => {
    expect(status.components[0]!.targets).toBeNull();
    expect(status.components[1]!.targets).toEqual(["sessions / cache node c-2"]);
    expect(JSON.stringify(status)).not.toContain("s-07");
    expect(JSON.stringify(status)).not.toContain("db-3");
  });

  it("splits open, maintenance and history, and takes the worst for the banner", () => {
    expect(status.overall).toEqual({ indicator: "major", description: "Partial System Outage" });
    expect(status.active.map((n) => n.id)).toEqual(["n-1"]);
    expect(status.active[0]!.updates.map((u) => u.id)).toEqual(["u-2", "u-1"]);
    expect(status.maintenances.map((n) => n.id)).toEqual(["n-mnt"]);
    expect(status.history).toHaveLength(7);
    expect(status.history.find((h) => h.date === "2026-11-21")!.notices.map((n) => n.id)).toEqual(["n-old"]);
    expect(status.components[0]!.days.at(-3)).toMatchObject({ date: "2026-11-21", level: "partial_outage", ms: { partial_outage: 3_600_000 } });
  });

  it("dates an empty page at the start of the day, so its summary (and ETag) stays the same across reloads", () => {
    const a = toSummary(assemblePublicStatus({ components: [], notices: [] }, NOW), INFO);
    const b = toSummary(assemblePublicStatus({ components: [], notices: [] }, new Date(NOW.getTime() + 60_000)), INFO);
    expect(a.page.updated_at).toBe("2026-11-23T00:00:00.000Z");
    expect(b).toEqual(a);
  });

  it("maps to Statuspage's summary.json", () => {
    const s = toSummary(status, INFO);
    expect(ZSummary.safeParse(s).success).toBe(true);
    expect(s.page).toMatchObject({ name: INFO.name, url: "https://status.acme.test/status", time_zone: "Etc/UTC" });
    expect(s.status.indicator).toBe("major");
    expect(s.components[0]).toMatchObject({
      id: "c-api",
      status: "partial_outage",
      group: false,
      group_id: null,
      only_show_if_degraded: false,
      showcase: true,
      start_date: "2026-01-01",
    });
    expect(s.components[0]).not.toHaveProperty("shardwatch");
    expect(s.components[1]!.shardwatch).toEqual({ targets: ["sessions / cache node c-2"] });
    const inc = s.incidents[0]!;
    expect(inc).toMatchObject({
      id: "n-1",
      name: "Slow order writes",
      status: "monitoring",
      impact: "major",
      monitoring_at: "2026-11-23T10:00:00.000Z",
      resolved_at: null,
    });
    expect(inc.shortlink).toBe("https://status.acme.test/status#notice-n-1");
    expect(inc.incident_updates.map((u) => [u.id, u.incident_id])).toEqual([
      ["u-2", "n-1"],
      ["u-1", "n-1"],
    ]);
    expect(inc.components.map((c) => c.id)).toEqual(["c-api"]);
    expect(inc.shardwatch).toEqual({ kind: "incident", slo: { name: "Order write latency", impact: "p99 up to 800 ms, target 200 ms" }, expected_minutes: 45 });
    expect(s.scheduled_maintenances[0]).toMatchObject({
      id: "n-mnt",
      status: "scheduled",
      scheduled_for: "2026-11-25T02:00:00.000Z",
      scheduled_until: "2026-11-25T03:00:00.000Z",
    });
  });
});

describe("Atom feed", () => {
  const entry = (over: Partial<TPublicFeedEntry> = {}): TPublicFeedEntry => ({
    id: "u-2",
    noticeId: "n-1",
    title: 'Writes <slow> & "late"',
    kind: "incident",
    impact: "major",
    status: "monitoring",
    body: "Fix deployed <script>alert(1)</script>\n\nWatching & waiting \u0007bell",
    createdAt: "2026-11-23T10:00:00.000Z",
    components: ["Orders API"],
    ...over,
  });

  it("is well-formed Atom 1.0 that reads back to what went in", () => {
    const xml = renderAtomFeed([entry(), entry({ id: "u-1", status: "investigating", createdAt: "2026-11-23T09:05:00.000Z" })], INFO, NOW);
    const feed = parseXml(xml);
    expect(feed.name).toBe("feed");
    expect(feed.attrs.xmlns).toBe("http://www.w3.org/2005/Atom");
    expect(childNamed(feed, "title")!.text).toBe(INFO.name);
    expect(childNamed(feed, "id")!.text).toBe("tag:status.acme.test,2026:status");
    expect(childNamed(feed, "updated")!.text).toBe("2026-11-23T10:00:00.000Z");
    const links = childrenNamed(feed, "link").map((l) => [l.attrs.rel, l.attrs.href]);
    expect(links).toEqual([
      ["self", "https://status.acme.test/status/feed.atom"],
      ["alternate", "https://status.acme.test/status"],
    ]);
    const entries = childrenNamed(feed, "entry");
    expect(entries).toHaveLength(2);
    const first = entries[0]!;
    expect(childNamed(first, "id")!.text).toBe("tag:status.acme.test,2026:notice-update:u-2");
    expect(childNamed(first, "title")!.text).toBe('Monitoring: Writes <slow> & "late"');
    expect(childNamed(first, "link")!.attrs.href).toBe("https://status.acme.test/status#notice-n-1");
    const content = childNamed(first, "content")!;
    expect(content.attrs.type).toBe("html");
    // The HTML inside is itself escaped: the body's markup stays text for a feed reader.
    expect(content.text).toContain("<p>Fix deployed &lt;script&gt;alert(1)&lt;/script&gt;</p><p>Watching &amp; waiting bell</p>");
    expect(xml).not.toContain("\u0007");
  });

  it("is valid with no entries, dated now", () => {
    const feed = parseXml(renderAtomFeed([], INFO, NOW));
    expect(childNamed(feed, "updated")!.text).toBe(NOW.toISOString());
    expect(childrenNamed(feed, "entry")).toHaveLength(0);
  });

  it("escapes all five XML specials", () => {
    expect(xmlEscape(`<a href="x">'&'</a>`)).toBe("&lt;a href=&quot;x&quot;&gt;&apos;&amp;&apos;&lt;/a&gt;");
  });
});
