import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { TAlert } from "@/lib/detection/engine/types";
import type { TNotification } from "@/lib/detection/live/service";
import { seedDefaultRules } from "@/lib/detection/rules";
import { createComponent, listNotices, publishNotice, ZPublicNotice } from "@/lib/status";
import { NoticeDrafter } from "@/lib/status/drafts/drafter";
import { toPublicNotice, WITH_DETAIL } from "@/lib/status/internal";
import { seedPeople } from "../helpers/actors";
import { BACKENDS, migratedDatabase, type TTestDatabase } from "../helpers/databases";

const T0 = 1_763_812_800_000;
const SEC = 1000;
const DELAY = 120 * SEC;

describe.each(BACKENDS)("breach drafts on %s", (kind) => {
  let db: TTestDatabase;
  let people: Awaited<ReturnType<typeof seedPeople>>;
  let rules: Record<string, string>;
  let drafter: NoticeDrafter;

  beforeEach(async () => {
    db = await migratedDatabase(kind);
    people = await seedPeople(db);
    await seedDefaultRules(db.prisma);
    rules = Object.fromEntries((await db.prisma.rule.findMany({ select: { name: true, id: true } })).map((r) => [r.name, r.id]));
    drafter = new NoticeDrafter(db.prisma, DELAY);
    const ctx = { db: db.prisma, actor: people.admin, now: new Date(T0) };
    await createComponent({ ctx, input: { name: "Orders API", targets: [{ cluster: "orders" }] } });
    await createComponent({ ctx, input: { name: "Checkout cache", targets: [{ cluster: "checkout", cacheNode: "cache-eu-3" }] } });
  });
  afterEach(() => db.drop());

  let seq = 0;
  function alert(rule: string, labels: TAlert["labels"], value: number, firedAt = T0, severity: TAlert["severity"] = "critical"): TAlert {
    const id = `a-${++seq}`;
    return { id, fingerprint: id, ruleId: rules[rule]!, ruleName: rule, severity, state: "firing", labels, value, summary: "", activeAt: firedAt - 20 * SEC, firedAt, resolvedAt: null, lastEvalAt: firedAt, flapping: false, flapCount: 0 };
  }
  const fire = (...alerts: TAlert[]): TNotification[] => alerts.map((a) => ({ transition: { type: "firing", alert: a, at: a.firedAt!, notify: true }, silenced: false }));
  const resolve = (...alerts: TAlert[]): TNotification[] =>
    alerts.map((a) => ({ transition: { type: "resolved", alert: { ...a, state: "resolved" }, at: T0, notify: true }, silenced: false }));
  const drafts = () => listNotices({ ctx: { db: db.prisma, actor: people.viewer }, input: { filter: "drafts" } });

  it("prepares one draft for three alerts on the same component, only after the delay", async () => {
    const a = alert("shard-p99-high", { cluster: "orders", shard: "s-07", node: "db-3" }, 612);
    const b = alert("shard-p99-high", { cluster: "orders", shard: "s-11", node: "db-4" }, 812, T0 + 30 * SEC);
    const c = alert("replica-lag-slo", { cluster: "orders", shard: "s-07", replica: "s-07-r1" }, 45, T0 + 40 * SEC);
    drafter.observe(fire(a, b, c));
    await drafter.pass(T0 + DELAY - SEC);
    expect(await drafts()).toEqual([]);

    await drafter.pass(T0 + DELAY + 10 * SEC);
    let list = await drafts();
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ kind: "sla_downgrade", state: "draft", impact: "major", alertIds: [a.id], components: [{ name: "Orders API", level: "partial_outage" }] });

    await drafter.pass(T0 + DELAY + 60 * SEC);
    list = await drafts();
    expect(list).toHaveLength(1);
    expect(list[0]!.alertIds.sort()).toEqual([a.id, b.id, c.id].sort());
    expect(list[0]!.sloImpact).toBe("p99 up to 812 ms, target 250 ms; data up to 45 s behind, target 30 s");
    expect(list[0]!.updates).toHaveLength(1);
  });

  it("ignores alerts that breach no SLO or map to no component", async () => {
    drafter.observe(fire(alert("hot-shard", { cluster: "orders", shard: "s-07" }, 0.4), alert("shard-p99-high", { cluster: "billing", shard: "s-1" }, 900)));
    await drafter.pass(T0 + 10 * DELAY);
    expect(await drafts()).toEqual([]);
  });

  it("keeps internal names out of everything the public could see", async () => {
    drafter.observe(fire(alert("cache-hit-drop", { cluster: "checkout", node: "cache-eu-3" }, 0.41, T0, "warning"), alert("shard-p99-high", { cluster: "orders", shard: "s-07", node: "db-3" }, 700)));
    await drafter.pass(T0 + DELAY);
    const list = await drafts();
    expect(list).toHaveLength(2);
    const cache = list.find((n) => n.components[0]!.name === "Checkout cache")!;
    expect(cache).toMatchObject({ impact: "minor", components: [{ level: "degraded_performance" }], sloImpact: "cache hit ratio down to 41%, 15+ points under its usual level" });
    for (const n of list) {
      const published = await publishNotice({ ctx: { db: db.prisma, actor: people.admin, now: new Date(T0 + DELAY) }, input: { id: n.id } });
      const row = await db.prisma.notice.findUniqueOrThrow({ where: { id: published.id }, include: WITH_DETAIL });
      const text = JSON.stringify(ZPublicNotice.parse(toPublicNotice(row)));
      for (const internal of ["s-07", "db-3", "cache-eu-3", "checkout", "orders", "a-"]) expect(text).not.toContain(`"${internal}`);
      expect(text).not.toMatch(/s-07|db-3|cache-eu-3/);
    }
  });

  it("marks a never-published draft resolved when all its alerts resolve; a new breach starts a new draft", async () => {
    const a = alert("shard-p99-high", { cluster: "orders", shard: "s-07" }, 700);
    drafter.observe(fire(a));
    await drafter.pass(T0 + DELAY);
    drafter.observe(resolve(a));
    await drafter.pass(T0 + DELAY + 60 * SEC);
    const [first] = await drafts();
    expect(first).toMatchObject({ state: "draft", status: "resolved", resolvedAt: T0 + DELAY + 60 * SEC });
    expect(first!.updates[0]!.body).toMatch(/resolved at .* before it was published/);

    const b = alert("shard-p99-high", { cluster: "orders", shard: "s-07" }, 650, T0 + 10 * 60 * SEC);
    drafter.observe(fire(b));
    await drafter.pass(T0 + 10 * 60 * SEC + DELAY);
    expect((await drafts()).map((n) => n.status).sort()).toEqual(["investigating", "resolved"]);
  });

  it("a new alert on a published incident only joins its internal alert list", async () => {
    const a = alert("shard-p99-high", { cluster: "orders", shard: "s-07" }, 700);
    drafter.observe(fire(a));
    await drafter.pass(T0 + DELAY);
    const [draft] = await drafts();
    await publishNotice({ ctx: { db: db.prisma, actor: people.admin, now: new Date(T0 + DELAY) }, input: { id: draft!.id } });
    const b = alert("shard-p99-high", { cluster: "orders", shard: "s-09" }, 990, T0 + 60 * SEC);
    drafter.observe(fire(b));
    await drafter.pass(T0 + 60 * SEC + DELAY);
    expect(await drafts()).toEqual([]);
    const row = await db.prisma.notice.findUniqueOrThrow({ where: { id: draft!.id } });
    expect(row.alertIds).toEqual([a.id, b.id]);
    expect(row.sloImpact).toBe("p99 up to 700 ms, target 250 ms");
  });
});
