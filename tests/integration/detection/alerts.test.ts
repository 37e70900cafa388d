import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ForbiddenError, NotFoundError } from "@/lib/errors";
import { detectionLatencyByRule, getAlert, listAlerts, loadOpenAlerts, persistTransitions } from "@/lib/detection/alerts";
import type { TAlert, TTransition, TTransitionType } from "@/lib/detection/engine/types";
import { createRule } from "@/lib/detection/rules";
import { createSilence } from "@/lib/detection/silences";
import { BACKENDS, migratedDatabase, type TTestDatabase } from "../helpers/databases";
import { makeAlert, seedDetectionPeople, T0 } from "./helpers";

const tr = (type: TTransitionType, alert: TAlert): TTransition => ({ type, alert, at: alert.lastEvalAt, notify: type === "firing" });

describe.each(BACKENDS)("alerts on %s", (kind) => {
  let db: TTestDatabase;
  let people: Awaited<ReturnType<typeof seedDetectionPeople>>;
  let ruleId: string;
  const alert = (o: Partial<TAlert> & { id: string }) => makeAlert({ ruleId, ...o });
  beforeEach(async () => {
    db = await migratedDatabase(kind);
    people = await seedDetectionPeople(db);
    ruleId = (await createRule({ ctx: people.operatorCtx, input: { name: "hot-shard", title: "Hot shard", kind: "hot-shard", params: {} } })).id;
  });
  afterEach(() => db.drop());

  it("round-trips pending, firing and resolved, computes latency, and deletes a cancelled pending alert", async () => {
    const a = alert({ id: "a1" });
    const b = alert({ id: "b1", labels: { cluster: "orders", shard: "s-02", node: "db-1" } });
    expect(await persistTransitions(db.prisma, [tr("pending", a), tr("pending", b)])).toEqual({ written: 2, deleted: 0 });
    expect(await loadOpenAlerts(db.prisma)).toEqual([a, b]);

    const fired = { ...a, state: "firing" as const, firedAt: T0 + 12_000, lastEvalAt: T0 + 12_000, value: 0.5 };
    expect(await persistTransitions(db.prisma, [tr("firing", fired), tr("cancelled", b)])).toEqual({ written: 1, deleted: 1 });
    expect(await loadOpenAlerts(db.prisma)).toEqual([fired]);
    expect(await db.prisma.alert.findUniqueOrThrow({ where: { id: "a1" } })).toMatchObject({ latencyMs: 12_000, cluster: "orders" });

    // A cancel never removes an alert that fired.
    await persistTransitions(db.prisma, [tr("cancelled", fired)]);
    const resolved = { ...fired, state: "resolved" as const, resolvedAt: T0 + 60_000, lastEvalAt: T0 + 60_000 };
    await persistTransitions(db.prisma, [tr("resolved", resolved)]);
    expect(await loadOpenAlerts(db.prisma)).toEqual([]);
    expect(await getAlert({ ctx: people.viewerCtx, input: { id: "a1" } })).toMatchObject({
      state: "resolved",
      firedAt: T0 + 12_000,
      resolvedAt: T0 + 60_000,
      latencyMs: 12_000,
    });
    await expect(getAlert({ ctx: people.viewerCtx, input: { id: "b1" } })).rejects.toThrow(NotFoundError);
  });

  it("writes hundreds of transitions in one call; the last per alert wins and stale updates are ignored", async () => {
    const many = Array.from({ length: 500 }, (_, i) => alert({ id: `m${i}`, labels: { cluster: `c${i % 5}`, node: `n${i}` } }));
    const firing = many.map((x) => ({ ...x, state: "firing" as const, firedAt: T0 + 5000, lastEvalAt: T0 + 5000 }));
    await persistTransitions(db.prisma, [...many.map((x) => tr("pending", x)), ...firing.map((x) => tr("firing", x))]);
    expect(await db.prisma.alert.count({ where: { state: "firing" } })).toBe(500);

    await persistTransitions(db.prisma, [tr("updated", { ...many[0]!, state: "pending", lastEvalAt: T0 })]);
    expect((await db.prisma.alert.findUniqueOrThrow({ where: { id: "m0" } })).state).toBe("firing");
  });

  it("stores an alert of an unknown rule with no rule id, and a non-finite value as null in the API", async () => {
    await persistTransitions(db.prisma, [tr("pending", alert({ id: "x", ruleId: "gone", value: Infinity }))]);
    const row = await db.prisma.alert.findUniqueOrThrow({ where: { id: "x" } });
    expect(row.ruleId).toBeNull();
    expect(row.value).toBe(Infinity);
    expect(await getAlert({ ctx: people.viewerCtx, input: { id: "x" } })).toMatchObject({ ruleId: null, value: null });
    expect(await loadOpenAlerts(db.prisma)).toEqual([]);
  });

  it("lists in the v1 shape, newest first, filtered by state, cluster, since and limit, with silenced", async () => {
    await persistTransitions(db.prisma, [
      tr("pending", alert({ id: "p", activeAt: T0 + 3000, lastEvalAt: T0 + 3000 })),
      tr(
        "firing",
        alert({
          id: "f",
          state: "firing",
          activeAt: T0 + 2000,
          firedAt: T0 + 4000,
          lastEvalAt: T0 + 4000,
          labels: { cluster: "sessions", node: "c-2", key: "user:42" },
        }),
      ),
      tr("resolved", alert({ id: "r", state: "resolved", activeAt: T0 + 1000, firedAt: T0 + 2000, resolvedAt: T0 + 9000, lastEvalAt: T0 + 9000 })),
    ]);
    await createSilence({
      ctx: { ...people.operatorCtx, now: new Date(T0) },
      input: { matchers: [{ label: "cluster", op: "=", value: "sessions" }], duration: "1h", comment: "drill" },
    });
    const ctx = { ...people.viewerCtx, now: new Date(T0 + 10_000) };

    const all = await listAlerts({ ctx });
    expect(all.map((a) => a.id)).toEqual(["p", "f", "r"]);
    expect(all[0]).toEqual({
      id: "p",
      rule: "hot-shard",
      severity: "critical",
      state: "pending",
      labels: { cluster: "orders", shard: "s-07", node: "db-3" },
      value: 0.41,
      summary: "orders/s-07 takes 41% of cluster qps",
      activeAt: T0 + 3000,
      ruleId,
      fingerprint: "fp-p",
      lastEvalAt: T0 + 3000,
      flapping: false,
      flapCount: 0,
      expected: false,
      silenced: false,
      source: "shardwatch",
    });
    expect(all[1]).toMatchObject({
      id: "f",
      silenced: true,
      latencyMs: 2000,
      firedAt: T0 + 4000,
      labels: { cluster: "sessions", node: "c-2", key: "user:42" },
    });

    expect((await listAlerts({ ctx, input: { state: ["pending", "firing"] } })).map((a) => a.id)).toEqual(["p", "f"]);
    expect((await listAlerts({ ctx, input: { cluster: "orders" } })).map((a) => a.id)).toEqual(["p", "r"]);
    expect((await listAlerts({ ctx, input: { since: T0 + 2000 } })).map((a) => a.id)).toEqual(["p", "f"]);
    expect((await listAlerts({ ctx, input: { limit: 1 } })).map((a) => a.id)).toEqual(["p"]);
    // An hour later the silence has ended.
    expect((await listAlerts({ ctx: { ...ctx, now: new Date(T0 + 2 * 3_600_000) }, input: { cluster: "sessions" } }))[0]!.silenced).toBe(false);
  });

  it("summarizes detection latency per rule", async () => {
    const fired = [1000, 2000, 3000, 4000, 10_000].map((lat, i) =>
      alert({ id: `l${i}`, state: "firing", activeAt: T0, firedAt: T0 + lat, lastEvalAt: T0 + lat, labels: { cluster: "orders", shard: `s-${i}` } }),
    );
    await persistTransitions(db.prisma, [...fired.map((a) => tr("firing", a)), tr("pending", alert({ id: "pending-only" }))]);
    const stats = await detectionLatencyByRule(db.prisma, { since: T0 });
    expect(stats).toEqual([{ ruleId, ruleName: "hot-shard", count: 5, p50Ms: 3000, p95Ms: 8800 }]);
    expect(await detectionLatencyByRule(db.prisma, { since: T0 + 60_000 })).toEqual([]);
  });

  it("refuses an actor without read access", async () => {
    const ingestOnly = { db: db.prisma, actor: { type: "token" as const, id: "t", label: "token ingest", scopes: ["ingest" as const] } };
    await expect(listAlerts({ ctx: ingestOnly })).rejects.toThrow(ForbiddenError);
  });
});
