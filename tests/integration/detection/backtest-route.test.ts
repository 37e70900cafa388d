import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { POST as postBacktest } from "@/app/api/v1/backtest/route";
import { setRuntime, type TRuntime } from "@/lib/runtime";
import { seedDefaultRules } from "@/lib/detection/rules";
import { createToken } from "@/lib/tokens";
import { BACKENDS, migratedDatabase, type TTestDatabase } from "../helpers/databases";
import { seedDetectionPeople } from "./helpers";

// POST /api/v1/backtest: the configured rules (or given ones) over a trace in its own time; nothing stored.
const BASE = "http://127.0.0.1:3000";
const noParams = { params: Promise.resolve({}) };
const T0 = Date.UTC(2026, 10, 23, 10);

function trace(steps: number, hotFrom: number) {
  const out: Record<string, unknown>[] = [];
  for (let k = 0; k < steps; k++) {
    for (let i = 0; i < 8; i++)
      out.push({
        type: "shard",
        cluster: "orders",
        shard: `s-0${i}`,
        node: `db-${i % 4}`,
        ts: T0 + k * 5000,
        qps: i === 3 && k >= hotFrom ? 12_000 : 1_000 + 10 * i,
      });
  }
  return out.reverse(); // out of order on purpose: the trace is evaluated in sample time
}

describe.each(BACKENDS)("backtest route on %s", (kind) => {
  let db: TTestDatabase;
  let read: string;
  const post = (body: string, token = read) =>
    postBacktest(
      new Request(`${BASE}/api/v1/backtest`, { method: "POST", headers: { authorization: `Bearer ${token}`, "content-type": "application/json" }, body }),
      noParams,
    );

  beforeEach(async () => {
    db = await migratedDatabase(kind);
    const people = await seedDetectionPeople(db);
    await seedDefaultRules(db.prisma);
    read = (await createToken({ ctx: people.adminCtx, input: { name: "dashboard", scopes: ["read"] } })).secret;
    setRuntime(Promise.resolve({ env: { baseUrl: BASE }, db, auth: { api: { getSession: async () => null } } } as unknown as TRuntime));
  });
  afterEach(() => db.drop());

  it("answers every alert the configured rules would have fired, in sample time, and stores nothing", async () => {
    const res = await post(JSON.stringify({ samples: trace(12, 4) }));
    expect(res.status).toBe(200);
    const { alerts } = (await res.json()) as { alerts: Record<string, unknown>[] };
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({
      rule: "hot-shard",
      state: "firing",
      labels: { cluster: "orders", shard: "s-03", node: "db-3" },
      activeAt: T0 + 20_000,
      firedAt: T0 + 30_000,
    });
    expect(alerts[0]).not.toHaveProperty("resolvedAt");
    expect(await db.prisma.alert.count()).toBe(0);
  });

  it("uses given rules instead of the configured ones, and names bad rules and samples by path", async () => {
    const strict = { name: "hot-shard-strict", title: "Very hot", kind: "hot-shard", params: { fireShareOfFair: 6, clearShareOfFair: 5 }, for: "30s" };
    const res = await post(JSON.stringify({ samples: trace(12, 4), rules: [strict] }));
    expect(((await res.json()) as { alerts: unknown[] }).alerts).toEqual([]);

    const contradictory = await post(JSON.stringify({ samples: trace(2, 0), rules: [{ ...strict, params: { fireShareOfFair: 2, clearShareOfFair: 4 } }] }));
    expect(contradictory.status).toBe(422);
    expect(JSON.stringify(await contradictory.json())).toContain("must be at most fireShareOfFair (2)");

    const samples = trace(2, 0);
    samples[5] = { ...samples[5], qps: -1 };
    const bad = await post(JSON.stringify({ samples }));
    expect(bad.status).toBe(422);
    expect(await bad.json()).toMatchObject({ error: { issues: [{ path: "samples[5].qps", message: "must be ≥ 0" }] } });
  });

  it("refuses bodies over 20 MB with 413", async () => {
    const res = await post(`{"samples":[${'{"type":"shard"},'.repeat(1_300_000)}{}]}`);
    expect(res.status).toBe(413);
  });
});
