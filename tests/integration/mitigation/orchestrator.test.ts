import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { TActor } from "@/lib/auth/actor";
import { SYSTEM_ACTOR } from "@/lib/auth/actor";
import { approveMitigation, chooseMitigations, getMitigation, proposeMitigations } from "@/lib/mitigation";
import { rollbackMitigation } from "@/lib/mitigation/rollback-mitigation";
import { gatherFacts, measureExpectation, type TGatherDeps } from "@/lib/mitigation/gather";
import { MitigationOrchestrator, type TGuardrails } from "@/lib/mitigation/orchestrator";
import type { TMitigationView } from "@/lib/mitigation/schemas";
import { readBreaker } from "@/lib/mitigation/breaker";
import { SimControlPlane } from "@/lib/sim/control-plane";
import { SimModel } from "@/lib/sim/model";
import { frameToSamples } from "@/lib/sim/samples";
import { findScenario, loadScenarios } from "@/lib/sim/scenarios";
import { applySample } from "@/lib/telemetry/apply-sample";
import { WindowStore } from "@/lib/telemetry/window-store";
import { createUser } from "@/lib/users";
import { seedPeople } from "../helpers/actors";
import { BACKENDS, migratedDatabase, type TTestDatabase } from "../helpers/databases";

// The orchestrator against the real simulator: its telemetry feeds a window store, its control plane
// executes, and simulated time is the orchestrator's clock. One tick per 5 s simulated step.

const T0 = Date.UTC(2026, 10, 23, 12, 0, 0);
const STEP = 5_000;
const scenarios = loadScenarios();

type TWorld = { model: SimModel; store: WindowStore; plane: SimControlPlane; deps: TGatherDeps };

function world(name: string): TWorld {
  const model = new SimModel(findScenario(scenarios, name), { startMs: T0 });
  const store = new WindowStore();
  const plane = new SimControlPlane(() => model);
  return { model, store, plane, deps: { store, plane, staleMs: 30_000, replicaLagSloSeconds: 30 } };
}

function advance(w: TWorld, seconds: number): void {
  for (let i = 0; i < seconds / 5; i++) {
    const t = w.model.simMs + STEP;
    const frame = w.model.step(t);
    for (const s of frameToSamples(frame, t)) applySample(w.store, s, t, () => undefined);
  }
}

describe.each(BACKENDS)("mitigation orchestrator on %s, with the simulator", (kind) => {
  let db: TTestDatabase;
  let operator: Extract<TActor, { type: "user" }>;

  beforeEach(async () => {
    db = await migratedDatabase(kind);
    const people = await seedPeople(db);
    const u = await createUser({ ctx: people.adminCtx, input: { email: "op@test.local", name: "Op", role: "operator", password: "operator-password-1" } });
    operator = { type: "user", id: u.id, label: u.email, email: u.email, name: u.name, role: "operator" };
  });
  afterEach(() => db.drop());

  function orchestrator(w: TWorld, guard: Partial<TGuardrails> = {}) {
    return new MitigationOrchestrator({
      db: db.prisma,
      plane: () => w.plane,
      facts: (m: TMitigationView, was) => gatherFacts(w.deps, { cluster: m.cluster, shard: was.shard?.id ?? null, trigger: was.trigger }, w.model.simMs),
      measure: (m, e) => measureExpectation(w.deps, m.cluster, e, w.model.simMs),
      guard: { verifyAfterMs: 30_000, ...guard },
      now: () => w.model.simMs,
    });
  }

  async function proposeFor(w: TWorld, cluster: string, shard: string | null, trigger = "hot-shard") {
    const facts = await gatherFacts(w.deps, { cluster, shard, trigger }, w.model.simMs);
    const choice = chooseMitigations(facts);
    const drafts = await proposeMitigations({
      ctx: { db: db.prisma, actor: SYSTEM_ACTOR, now: new Date(w.model.simMs) },
      input: { cluster, alertId: null, diagnosis: choice.diagnosis, drafts: choice.proposals, signal: facts, source: "detection" },
      policy: { ttlMs: 4 * 3_600_000, secondApprover: [] },
    });
    return { choice, drafts, facts };
  }

  const approve = (w: TWorld, id: string) => approveMitigation({ ctx: { db: db.prisma, actor: operator, now: new Date(w.model.simMs) }, input: { id, comment: "go" } });
  const get = (id: string) => getMitigation({ ctx: { db: db.prisma, actor: operator }, input: { id } });

  async function runUntil(w: TWorld, o: MitigationOrchestrator, id: string, states: string[], maxSeconds = 900): Promise<TMitigationView> {
    for (let s = 0; s < maxSeconds; s += 5) {
      await o.tick();
      const m = await get(id);
      if (states.includes(m.state)) return m;
      advance(w, 5);
    }
    throw new Error(`${id} did not reach ${states.join("/")} in ${maxSeconds} s (now ${(await get(id)).state})`);
  }

  it("splits a write-heavy hot range, verifies the effect and mirrors nothing it should not", async () => {
    const w = world("hot-range");
    advance(w, 12 * 60); // the event starts at 5 min and ramps for 5 min
    const { choice, drafts } = await proposeFor(w, "orders", "s-12");
    expect(choice.diagnosis).toBe("hot-range");
    const split = drafts[0]!;
    expect(split.action).toBe("split");
    const before = (await gatherFacts(w.deps, { cluster: "orders", shard: "s-12", trigger: "hot-shard" }, w.model.simMs)).shard!.qps;
    await approve(w, split.id);
    const o = orchestrator(w);
    const running = await runUntil(w, o, split.id, ["executing"]);
    expect(running.operationId).toMatch(/split/);
    expect(running.progress?.failedRequests).toBeTypeOf("number"); // the view keeps what the plane reports
    const done = await runUntil(w, o, split.id, ["done", "failed"]);
    expect(done).toMatchObject({ state: "done", outcome: "improved" });
    const after = (await gatherFacts(w.deps, { cluster: "orders", shard: "s-12", trigger: "hot-shard" }, w.model.simMs)).shard!.qps;
    expect(after).toBeLessThan(before * 0.75);
    expect((await w.plane.describeTopology("orders")).shards.length).toBe(33);
    const audit = await db.prisma.auditLog.findMany({ where: { targetId: split.id }, orderBy: { id: "asc" }, select: { action: true } });
    expect(audit.map((a) => a.action)).toEqual(["mitigation.propose", "mitigation.approve", "mitigation.start", "mitigation.cutover", "mitigation.verified"]);
  });

  it("resumes a running operation after a restart (a new orchestrator over the same database)", async () => {
    const w = world("hot-range");
    advance(w, 12 * 60);
    const { drafts } = await proposeFor(w, "orders", "s-12");
    await approve(w, drafts[0]!.id);
    await runUntil(w, orchestrator(w), drafts[0]!.id, ["executing"]);
    advance(w, 10);
    // The first orchestrator is gone (as after kill -9); nothing but the database carries over.
    const done = await runUntil(w, orchestrator(w), drafts[0]!.id, ["done", "failed"]);
    expect(done.state).toBe("done");
  });

  it("rolls back a mitigation that did not help, restoring the topology", async () => {
    const w = world("celebrity-key-writes");
    advance(w, 8 * 60);
    const facts = await gatherFacts(w.deps, { cluster: "orders", shard: null, trigger: "hot-shard" }, w.model.simMs);
    const hot = [...facts.nodes.flatMap((n) => n.shards)].sort((a, b) => b.qps - a.qps)[0]!;
    const { choice } = await proposeFor(w, "orders", hot.id);
    expect(choice.diagnosis).toBe("single-hot-key");
    expect(choice.cannotHelp.map((c) => c.action)).toContain("split");
    // An operator insists on a split anyway (through the API, say): it cannot fix one key.
    const shardFacts = (await gatherFacts(w.deps, { cluster: "orders", shard: hot.id, trigger: "hot-shard" }, w.model.simMs)).shard!;
    const [wrong] = await proposeMitigations({
      ctx: { db: db.prisma, actor: operator, now: new Date(w.model.simMs) },
      input: {
        cluster: "orders",
        alertId: null,
        diagnosis: "single-hot-key",
        drafts: [
          {
            action: "split",
            target: hot.id,
            params: { toNode: facts.nodes.find((n) => n.id !== shardFacts.node)!.id },
            rationale: "operator's choice",
            plan: { steps: ["split"], copyGb: 1, estimatedSeconds: 60, expected: [{ what: "load", target: hot.id, before: Math.round(shardFacts.qps), after: Math.round(shardFacts.qps / 2), unit: "req/s" }] },
          },
        ],
        signal: facts,
        source: "api",
      },
      policy: { ttlMs: 3_600_000, secondApprover: [] },
    });
    await approve(w, wrong!.id);
    const o = orchestrator(w);
    const verified = await runUntil(w, o, wrong!.id, ["done", "failed"]);
    expect(verified.state).toBe("done");
    expect(verified.outcome).not.toBe("improved");
    expect((await w.plane.describeTopology("orders")).shards.length).toBe(33);
    await rollbackMitigation({ ctx: { db: db.prisma, actor: operator, now: new Date(w.model.simMs) }, input: { id: wrong!.id, comment: "one key: the split did nothing" } });
    const back = await runUntil(w, o, wrong!.id, ["rolled-back", "failed"]);
    expect(back.state).toBe("rolled-back");
    expect((await w.plane.describeTopology("orders")).shards.length).toBe(32);
  });

  it("asks again when the shard cooled down before execution", async () => {
    const w = world("hot-range");
    advance(w, 12 * 60);
    const { drafts } = await proposeFor(w, "orders", "s-12");
    await approve(w, drafts[0]!.id);
    // The event ends (100 min after 5 min); then the re-check sees a calm shard.
    advance(w, 100 * 60);
    await orchestrator(w).tick();
    const m = await get(drafts[0]!.id);
    expect(m.state).toBe("proposed");
    expect(m.note).toMatch(/Re-checked before starting: s-12 is down to \d+ req\/s/);
    expect(m.approvals).toEqual([]);
  });

  it("keeps guardrails: one operation per cluster at a time, a blast-radius cap, and a breaker after repeated failures", async () => {
    const w = world("hot-range");
    advance(w, 12 * 60);
    const { drafts, facts: hotFacts } = await proposeFor(w, "orders", "s-12");
    const split = drafts[0];
    const [second] = await proposeMitigations({
      ctx: { db: db.prisma, actor: operator, now: new Date(w.model.simMs) },
      input: {
        cluster: "orders",
        alertId: null,
        diagnosis: "hot-range",
        drafts: [{ action: "throttle", target: "s-12", params: { target: "s-12", limitQps: 4000 }, rationale: "x".repeat(50), plan: { steps: ["t"], copyGb: 0, estimatedSeconds: 2, expected: [] } }],
        signal: hotFacts,
        source: "api",
      },
      policy: { ttlMs: 3_600_000, secondApprover: [] },
    });
    await approve(w, split!.id);
    await approve(w, second!.id);
    const o = orchestrator(w);
    await o.tick();
    expect((await get(split!.id)).state).toBe("executing");
    expect(await get(second!.id)).toMatchObject({ state: "approved", note: expect.stringMatching(/already running on orders/) as unknown });

    // A salting over 64 buckets is beyond a cap of 16 shards.
    const facts = await gatherFacts(w.deps, { cluster: "orders", shard: "s-03", trigger: "hot-shard" }, w.model.simMs);
    const [wide] = await proposeMitigations({
      ctx: { db: db.prisma, actor: operator, now: new Date(w.model.simMs) },
      input: {
        cluster: "catalog-none",
        alertId: null,
        diagnosis: "single-hot-key",
        drafts: [{ action: "key-salting", target: "k", params: { key: "k", buckets: 64 }, rationale: "x".repeat(50), plan: { steps: ["salt"], copyGb: 0, estimatedSeconds: 2, expected: [] } }],
        signal: facts,
        source: "api",
      },
      policy: { ttlMs: 3_600_000, secondApprover: [] },
    });
    await approve(w, wide!.id);
    await o.tick();
    expect(await get(wide!.id)).toMatchObject({ state: "rejected", note: expect.stringMatching(/blast-radius cap: it would touch 64 shards/) as unknown });

    // Three refusals by the control plane (no such cluster) open the breaker.
    const bad = await proposeMitigations({
      ctx: { db: db.prisma, actor: operator, now: new Date(w.model.simMs) },
      input: {
        cluster: "nowhere",
        alertId: null,
        diagnosis: "hot-range",
        drafts: [1, 2, 3, 4].map((i) => ({ action: "throttle" as const, target: `s-${i}`, params: { target: `s-${i}`, limitQps: 100 }, rationale: "x".repeat(50), plan: { steps: ["t"], copyGb: 0, estimatedSeconds: 2, expected: [] } })),
        signal: facts,
        source: "api",
      },
      policy: { ttlMs: 3_600_000, secondApprover: [] },
    });
    for (const b of bad) await approve(w, b.id);
    const refusing = orchestrator(w, { maxConcurrentPerCluster: 10 });
    for (let i = 0; i < 4; i++) await refusing.tick();
    const states = await Promise.all(bad.map((b) => get(b.id)));
    expect(states.filter((s) => s.state === "failed")).toHaveLength(3);
    expect(states.filter((s) => s.state === "approved")[0]!.note).toMatch(/automation is paused after 3 failed operations/);
    expect((await readBreaker(db.prisma)).pausedAt).not.toBeNull();
  });
});
