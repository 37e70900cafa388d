import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { TActor } from "@/lib/auth/actor";
import { SYSTEM_ACTOR } from "@/lib/auth/actor";
import { ConflictError, ForbiddenError, ValidationError } from "@/lib/errors";
import { approveMitigation, chooseMitigations, expireMitigations, getMitigation, listMitigations, proposeMitigations, rejectMitigation } from "@/lib/mitigation";
import type { TChoiceInput } from "@/lib/mitigation/choose";
import type { TMitigationPolicy } from "@/lib/mitigation/policy";
import { createUser } from "@/lib/users";
import { BACKENDS, migratedDatabase, type TTestDatabase } from "../helpers/databases";
import { seedPeople } from "../helpers/actors";

const T0 = 1_763_812_800_000;
const MIN = 60_000;
const POLICY: TMitigationPolicy = { ttlMs: 30 * MIN, secondApprover: ["split", "move"] };

// A write-heavy hot range on orders/s-12, whose node runs at 83%: the choice is split, then move.
const SIGNAL: TChoiceInput = {
  trigger: "hot-shard",
  cluster: { name: "orders", shardCount: 32, qps: 48000, baselineQps: 48000 },
  shard: {
    id: "s-12",
    node: "db-3",
    qps: 5500,
    capacityQps: 6000,
    sizeGb: 20,
    keyRange: { start: "60000000", end: "68000000" },
    replicas: [{ id: "s-12-r1", node: "db-4", lagSeconds: 0.2 }],
    load: { readQps: 1050, writeQps: 4450, replicaReadQps: 0, readsToReplicas: 0, topKeys: [], salted: [], overlaid: [] },
  },
  nodes: Array.from({ length: 8 }, (_, i) => ({
    id: `db-${i}`,
    capacityQps: 12000,
    up: true,
    shards: Array.from({ length: 4 }, (_, j) => ({ id: `s-${i * 4 + j}`, qps: i * 4 + j === 12 ? 5500 : 1500 })),
  })),
  copyMBps: 200,
  replicaLagSloSeconds: 30,
};

describe.each(BACKENDS)("mitigation approval on %s", (kind) => {
  let db: TTestDatabase;
  let operators: Extract<TActor, { type: "user" }>[];
  let people: Awaited<ReturnType<typeof seedPeople>>;
  const ctxOf = (actor: TActor, ms = T0) => ({ db: db.prisma, actor, now: new Date(ms) });

  beforeEach(async () => {
    db = await migratedDatabase(kind);
    people = await seedPeople(db);
    operators = [];
    for (let i = 0; i < 4; i++) {
      const u = await createUser({ ctx: people.adminCtx, input: { email: `op${i}@test.local`, name: `Op ${i}`, role: "operator", password: `operator-password-${i}00` } });
      operators.push({ type: "user", id: u.id, label: u.email, email: u.email, name: u.name, role: "operator" });
    }
  });
  afterEach(() => db.drop());

  async function propose(source: "detection" | "api" = "detection", alertId: string | null = null, idempotencyKey?: string) {
    const choice = chooseMitigations(SIGNAL);
    return proposeMitigations({
      ctx: ctxOf(SYSTEM_ACTOR),
      input: { cluster: "orders", alertId, diagnosis: choice.diagnosis, drafts: choice.proposals, signal: SIGNAL, source, idempotencyKey },
      policy: POLICY,
    });
  }

  it("stores ranked proposals with their plan, audited, and lists them", async () => {
    const [split, move] = await propose();
    expect(split).toMatchObject({ action: "split", target: "s-12", rank: 1, state: "proposed", requiredApprovals: 2, diagnosis: "hot-range", expiresAt: T0 + 30 * MIN });
    expect(split!.plan.steps.length).toBeGreaterThan(2);
    expect(move).toMatchObject({ action: "move", rank: 2 });
    expect(await db.prisma.auditLog.count({ where: { action: "mitigation.propose" } })).toBe(2);
    const listed = await listMitigations({ ctx: ctxOf(people.viewer), input: { state: "proposed", cluster: "orders" } });
    expect(listed.map((m) => m.action)).toEqual(["split", "move"]);
  });

  it("stores the proposals when a busy server needs longer than Prisma's default 5 s transaction", { timeout: 60_000 }, async () => {
    // Every statement waits 1.2 s for its turn, as on an event loop saturated by a backfill.
    const slow = db.prisma.$extends({
      query: {
        async $allOperations({ args, query }) {
          await new Promise((r) => setTimeout(r, 1_200));
          return (await query(args)) as unknown;
        },
      },
    }) as unknown as typeof db.prisma;
    const choice = chooseMitigations(SIGNAL);
    const started = Date.now();
    const views = await proposeMitigations({
      ctx: { db: slow, actor: SYSTEM_ACTOR, now: new Date(T0) },
      input: { cluster: "orders", alertId: null, diagnosis: choice.diagnosis, drafts: choice.proposals, signal: SIGNAL, source: "detection" },
      policy: POLICY,
    });
    expect(Date.now() - started).toBeGreaterThan(5_000);
    expect(views.map((v) => v.action)).toEqual(["split", "move"]);
    expect(await db.prisma.mitigation.count()).toBe(2);
  });

  it("makes one set of proposals per alert while they are live, and honours an Idempotency-Key", async () => {
    await db.prisma.alert.create({
      data: { id: "a-1", fingerprint: "fp", ruleName: "hot-shard", severity: "critical", state: "firing", cluster: "orders", labels: {}, value: 1, summary: "s", activeAt: BigInt(T0), lastEvalAt: BigInt(T0) },
    });
    const first = await propose("detection", "a-1");
    const again = await propose("detection", "a-1");
    expect(again.map((m) => m.id)).toEqual(first.map((m) => m.id));
    // A second alert on the same shard gets the live proposals, not a copy of them.
    await db.prisma.alert.create({
      data: { id: "a-2", fingerprint: "fp2", ruleName: "shard-p99-high", severity: "warning", state: "firing", cluster: "orders", labels: {}, value: 1, summary: "s", activeAt: BigInt(T0), lastEvalAt: BigInt(T0) },
    });
    const other = await propose("detection", "a-2");
    expect(other.map((m) => m.id)).toEqual(first.map((m) => m.id));
    const k1 = await propose("api", null, "user-x:key-1");
    const k2 = await propose("api", null, "user-x:key-1");
    expect(k2.map((m) => m.id)).toEqual([k1[0]!.id]);
    expect(await db.prisma.mitigation.count()).toBe(4);
  });

  it("lets exactly one of many parallel approvals through", async () => {
    const [, move] = await propose();
    // move needs two approvals by policy; use a one-approval action instead by lowering it in place.
    await db.prisma.mitigation.update({ where: { id: move!.id }, data: { requiredApprovals: 1 } });
    const results = await Promise.allSettled(operators.map((actor) => approveMitigation({ ctx: ctxOf(actor, T0 + MIN), input: { id: move!.id, comment: "go" } })));
    const ok = results.filter((r) => r.status === "fulfilled");
    const refused = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    expect(ok).toHaveLength(1);
    expect(refused).toHaveLength(3);
    for (const r of refused) expect(r.reason).toBeInstanceOf(ConflictError);
    const after = await getMitigation({ ctx: ctxOf(people.viewer), input: { id: move!.id } });
    expect(after.state).toBe("approved");
    expect(after.approvals).toHaveLength(1);
    expect(await db.prisma.auditLog.count({ where: { action: "mitigation.approve", targetId: move!.id } })).toBe(1);
  });

  it("needs a second, different person for a split; the same person twice is refused, also in parallel", async () => {
    const [split] = await propose();
    const [a, b] = operators;
    const twice = await Promise.allSettled([
      approveMitigation({ ctx: ctxOf(a!, T0 + MIN), input: { id: split!.id } }),
      approveMitigation({ ctx: ctxOf(a!, T0 + MIN), input: { id: split!.id } }),
    ]);
    expect(twice.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const once = await getMitigation({ ctx: ctxOf(people.viewer), input: { id: split!.id } });
    expect(once).toMatchObject({ state: "proposed", approvals: [{ userId: a!.id, decision: "approve" }] });
    await expect(approveMitigation({ ctx: ctxOf(a!, T0 + 2 * MIN), input: { id: split!.id } })).rejects.toThrow(/different person|already/);
    const done = await approveMitigation({ ctx: ctxOf(b!, T0 + 2 * MIN), input: { id: split!.id, comment: "second pair of eyes" } });
    expect(done.state).toBe("approved");
    expect(done.approvals.map((v) => v.userId)).toEqual([a!.id, b!.id]);
  });

  it("refuses viewers, API tokens and stale versions", async () => {
    const [split] = await propose();
    await expect(approveMitigation({ ctx: ctxOf(people.viewer), input: { id: split!.id } })).rejects.toBeInstanceOf(ForbiddenError);
    const token: TActor = { type: "token", id: "t1", label: "ci", scopes: ["operate"] };
    await expect(approveMitigation({ ctx: ctxOf(token), input: { id: split!.id } })).rejects.toThrow(/A person approves/);
    await expect(approveMitigation({ ctx: ctxOf(operators[0]!), input: { id: split!.id, version: 7 } })).rejects.toThrow(/changed since you loaded it/);
  });

  it("rejects with a reason; a rejected proposal cannot be approved", async () => {
    const [split] = await propose();
    await expect(rejectMitigation({ ctx: ctxOf(operators[0]!), input: { id: split!.id } })).rejects.toBeInstanceOf(ValidationError);
    const r = await rejectMitigation({ ctx: ctxOf(operators[0]!, T0 + MIN), input: { id: split!.id, comment: "the hot range is a backfill, it ends in 5 minutes" } });
    expect(r).toMatchObject({ state: "rejected", approvals: [{ decision: "reject", comment: expect.stringMatching(/backfill/) as unknown }] });
    await expect(approveMitigation({ ctx: ctxOf(operators[1]!, T0 + 2 * MIN), input: { id: split!.id } })).rejects.toThrow(/A rejected mitigation cannot be approved/);
  });

  it("expires proposals nobody decided on, and only those", async () => {
    const [split, move] = await propose();
    await db.prisma.mitigation.update({ where: { id: move!.id }, data: { expiresAt: new Date(T0 + 60 * MIN) } });
    expect(await expireMitigations({ ctx: { db: db.prisma, now: new Date(T0 + 29 * MIN) } })).toEqual([]);
    expect(await expireMitigations({ ctx: { db: db.prisma, now: new Date(T0 + 31 * MIN) } })).toEqual([split!.id]);
    await expect(approveMitigation({ ctx: ctxOf(operators[0]!, T0 + 32 * MIN), input: { id: split!.id } })).rejects.toThrow(/expired/);
    expect((await getMitigation({ ctx: ctxOf(people.viewer), input: { id: move!.id } })).state).toBe("proposed");
    expect(await db.prisma.auditLog.count({ where: { action: "mitigation.expire" } })).toBe(1);
  });

  it("keeps the state set in the database too", async () => {
    const [split] = await propose();
    await expect(db.prisma.mitigation.update({ where: { id: split!.id }, data: { state: "half-done" } })).rejects.toThrow();
  });
});
