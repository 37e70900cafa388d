// npm run bench:mitigations: the detect → propose → approve → execute → verify loop on the simulator,
// end to end in simulated time (issue #7's figures), one run per catalog action on the scenario whose
// fix it is, plus one where the first choice is wrong and is rolled back.
//
// In one process: the simulator's telemetry feeds a window store, the default detection rules are
// evaluated every 5 s step (as live, at the step's time), a firing shard alert gets its proposals from
// the same code the server runs (lib/mitigation), rank 1 is approved at once by an operator, and the
// orchestrator carries it out through the simulator's control plane, all on an embedded database in a
// temporary folder. The peer in the same run: the same scenario with nobody approving ("do nothing").
//
// Figures per scenario: onset → firing alert → proposal (simulated seconds); approval → the affected
// shards' p99 back under the SLO (the shard-p99-high rule's 250 ms) for good; requests failed from
// approval until verified, as a share of requests offered to the cluster (target < 0.1 %); outcome.
// The proposal's wall-clock time on screen is measured by bench:dashboard-style polling elsewhere.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { TActor } from "@/lib/auth/actor";
import { SYSTEM_ACTOR } from "@/lib/auth/actor";
import { loadMigrations, migrate, openDatabase } from "@/lib/db";
import { persistTransitions } from "@/lib/detection/alerts";
import { DetectionEngine } from "@/lib/detection/engine/engine";
import { DetectionView, ViewCache } from "@/lib/detection/engine/view";
import { loadActiveRules, seedDefaultRules } from "@/lib/detection/rules";
import { approveMitigation, proposeMitigations } from "@/lib/mitigation";
import { chooseMitigations, type TProposalDraft } from "@/lib/mitigation/choose";
import { gatherFacts, measureExpectation } from "@/lib/mitigation/gather";
import { MitigationOrchestrator } from "@/lib/mitigation/orchestrator";
import { rollbackMitigation } from "@/lib/mitigation/rollback-mitigation";
import type { TMitigationView } from "@/lib/mitigation/schemas";
import type { TClusterFrame } from "@/lib/sim/capacity";
import { SimControlPlane } from "@/lib/sim/control-plane";
import { SimModel } from "@/lib/sim/model";
import { frameToSamples } from "@/lib/sim/samples";
import { findScenario, loadScenarios } from "@/lib/sim/scenarios";
import { applySample } from "@/lib/telemetry/apply-sample";
import { WindowStore } from "@/lib/telemetry/window-store";
import { ensureAdmin } from "@/lib/users/setup";

const T0 = Date.UTC(2026, 10, 23, 12, 0, 0);
const STEP = 5_000;
const SLO_P99_MS = 250;
const ACTIONABLE = new Set(["hot-shard", "shard-threshold", "fleet-outlier", "cluster-skew"]);
const AFTER_DONE_S = 300;

type TResult = {
  scenario: string;
  fixedBy: string;
  diagnosis: string;
  chosen: string;
  onsetToAlertS: number | null;
  onsetToProposalS: number | null;
  approvalToDoneS: number | null;
  approvalToSloS: number | null;
  failedPct: number;
  throttledPct: number;
  outcome: string;
  peerOverSloS: number;
  peerFailedPct: number;
};

async function freshDb() {
  const dir = mkdtempSync(path.join(tmpdir(), "sw-bench-mit-"));
  const db = await openDatabase({ url: undefined, dataDir: dir });
  await migrate(db.sql, loadMigrations());
  await seedDefaultRules(db.prisma);
  await ensureAdmin(db.prisma, { email: "bench@shardwatch.local", password: "bench-password-123" });
  const row = await db.prisma.user.findUniqueOrThrow({ where: { email: "bench@shardwatch.local" } });
  const admin: TActor = { type: "user", id: row.id, label: row.email, email: row.email, name: row.name, role: "admin" };
  return { db, admin, close: async () => (await db.close(), rmSync(dir, { recursive: true, force: true })) };
}

/** The shards whose traffic the incident hits: the alerted one, and any its split created. */
function affectedP99(frame: TClusterFrame, ids: Set<string>): number {
  let worst = 0;
  for (const s of frame.shards) if (ids.has(s.shard.id)) worst = Math.max(worst, s.p99Ms);
  return worst;
}

type TRunOpts = { approve: boolean; force?: (facts: Awaited<ReturnType<typeof gatherFacts>>) => TProposalDraft | null; rollbackIfNotImproved?: boolean };

async function run(name: string, opts: TRunOpts): Promise<TResult & { rolledBack?: { seconds: number; shardsBefore: number; shardsAfter: number } }> {
  const scenario = findScenario(loadScenarios(), name);
  const cluster = scenario.clusters[0]!.name;
  const model = new SimModel(scenario, { startMs: T0 });
  const store = new WindowStore();
  const plane = new SimControlPlane(() => model);
  const deps = { store, plane, staleMs: 30_000, replicaLagSloSeconds: 30 };
  const { db, admin, close } = await freshDb();
  const engine = new DetectionEngine({}, []);
  const cache = new ViewCache();
  const rules = await loadActiveRules(db.prisma);
  const ruleKind = new Map(rules.map((r) => [r.id, r.kind]));
  const onset = T0 + Math.min(...scenario.events.map((e) => e.at)) * 1000;
  const orchestrator = new MitigationOrchestrator({
    db: db.prisma,
    plane: () => plane,
    facts: (m, was) => gatherFacts(deps, { cluster: m.cluster, shard: was.shard?.id ?? null, trigger: was.trigger }, model.simMs),
    measure: (m, e) => measureExpectation(deps, m.cluster, e, model.simMs),
    guard: { verifyAfterMs: 30_000 },
    now: () => model.simMs,
  });
  const shardsBefore = (await plane.describeTopology(cluster)).shards.length;
  let alertAt: number | null = null;
  let proposalAt: number | null = null;
  let approvedAt: number | null = null;
  let doneAt: number | null = null;
  let mitigation: TMitigationView | null = null;
  let diagnosis = "-";
  let chosen = "-";
  const affected = new Set<string>();
  let lastOverSlo: number | null = null;
  let failed = 0;
  let offered = 0;
  let throttled = 0;
  let overSloSteps = 0;
  let rolledBack: { seconds: number; shardsBefore: number; shardsAfter: number } | undefined;
  let rollbackAt: number | null = null;
  const endAt = T0 + (scenario.events.reduce((m, e) => Math.max(m, e.at + (e.duration ?? 600)), 0) * 1000);
  const hardStop = Math.min(endAt, onset + 40 * 60_000);

  for (let t = T0; t <= hardStop; t += STEP) {
    const frame = model.step(t);
    for (const s of frameToSamples(frame, t)) applySample(store, s, t, () => undefined);
    const f = frame.clusters.get(cluster)!;
    const evaluation = engine.evaluate(rules, DetectionView.of(store, t, { staleMs: 30_000 }, cache));
    await persistTransitions(db.prisma, evaluation.transitions);
    if (t >= onset && affected.size) {
      const p99 = affectedP99(f, affected);
      if (p99 > SLO_P99_MS) {
        lastOverSlo = t;
        overSloSteps++;
      }
    }
    if (approvedAt !== null && (doneAt === null || t <= doneAt)) {
      for (const s of f.shards) {
        failed += s.failed * 5;
        offered += s.offered * 5;
        throttled += s.throttled * 5;
      }
    } else if (!opts.approve && alertAt !== null && t <= alertAt + 10 * 60_000) {
      for (const s of f.shards) {
        failed += s.failed * 5;
        offered += s.offered * 5;
        throttled += s.throttled * 5;
      }
    }
    if (alertAt === null) {
      const fired = evaluation.transitions.find((x) => x.type === "firing" && ACTIONABLE.has(ruleKind.get(x.alert.ruleId) ?? "") && t >= onset);
      if (fired) {
        alertAt = t;
        const shard = fired.alert.labels.shard ?? f.shards.reduce((a, b) => (b.qps > a.qps ? b : a)).shard.id;
        affected.add(shard);
        const facts = await gatherFacts(deps, { cluster, shard, trigger: ruleKind.get(fired.alert.ruleId)! }, t);
        const choice = chooseMitigations(facts);
        diagnosis = choice.diagnosis;
        const drafts = opts.force ? [opts.force(facts)].filter((d): d is TProposalDraft => d !== null) : choice.proposals;
        chosen = drafts[0]?.action ?? "-";
        const views = await proposeMitigations({
          ctx: { db: db.prisma, actor: SYSTEM_ACTOR, now: new Date(t) },
          input: { cluster, alertId: fired.alert.id, diagnosis: choice.diagnosis, drafts, signal: facts, source: "detection" },
          policy: { ttlMs: 3_600_000, secondApprover: [] },
        });
        proposalAt = t;
        mitigation = views[0] ?? null;
        if (mitigation && opts.approve) {
          await approveMitigation({ ctx: { db: db.prisma, actor: admin, now: new Date(t) }, input: { id: mitigation.id, comment: "bench" } });
          approvedAt = t;
        }
        if (!opts.approve) affected.add(shard);
      }
    }
    if (approvedAt !== null) {
      await orchestrator.tick();
      const m: { state: string; action: string; target: string; params: unknown; outcome: string | null; id: string } | null = mitigation
        ? await db.prisma.mitigation.findUnique({ where: { id: mitigation.id }, select: { state: true, action: true, target: true, params: true, outcome: true, id: true } })
        : null;
      if (m?.params && typeof (m.params as { toNode?: string }).toNode === "string" && m.action === "split") {
        // The split's new shard carries half of the range: its traffic is affected traffic too.
        const topo = await plane.describeTopology(cluster);
        const parent = topo.shards.find((s) => s.id === m.target);
        for (const s of topo.shards) if (parent && s.keyRange.start === parent.keyRange.end) affected.add(s.id);
      }
      if (m && doneAt === null && ["done", "failed"].includes(m.state)) {
        doneAt = t;
        mitigation = { ...mitigation!, state: m.state as TMitigationView["state"], outcome: m.outcome as TMitigationView["outcome"] };
        if (opts.rollbackIfNotImproved && m.outcome !== "improved") {
          await rollbackMitigation({ ctx: { db: db.prisma, actor: admin, now: new Date(t) }, input: { id: m.id, comment: "it did not help" } });
          rollbackAt = t;
        }
      }
      if (rollbackAt !== null && !rolledBack && m?.state === "rolled-back") {
        rolledBack = { seconds: (t - rollbackAt) / 1000, shardsBefore, shardsAfter: (await plane.describeTopology(cluster)).shards.length };
      }
      if (doneAt !== null && t > doneAt + AFTER_DONE_S * 1000 && (rollbackAt === null || rolledBack)) break;
    } else if (!opts.approve && alertAt !== null && t > alertAt + 10 * 60_000) break;
  }
  const final = mitigation ? await db.prisma.mitigation.findUnique({ where: { id: mitigation.id }, select: { state: true, outcome: true, note: true } }) : null;
  await close();
  const r: TResult = {
    scenario: name,
    fixedBy: scenario.fixedBy ?? "-",
    diagnosis,
    chosen,
    onsetToAlertS: alertAt !== null ? (alertAt - onset) / 1000 : null,
    onsetToProposalS: proposalAt !== null ? (proposalAt - onset) / 1000 : null,
    approvalToDoneS: approvedAt !== null && doneAt !== null ? (doneAt - approvedAt) / 1000 : null,
    approvalToSloS: approvedAt !== null ? (lastOverSlo === null || lastOverSlo < approvedAt ? 0 : (lastOverSlo + STEP - approvedAt) / 1000) : null,
    failedPct: offered ? (failed / offered) * 100 : 0,
    throttledPct: offered ? (throttled / offered) * 100 : 0,
    outcome: final ? (final.outcome ?? final.state) : "-",
    peerOverSloS: 0,
    peerFailedPct: 0,
  };
  if (!opts.approve) {
    r.peerOverSloS = overSloSteps * 5;
    r.peerFailedPct = r.failedPct;
  }
  return { ...r, rolledBack };
}

const fmtS = (s: number | null) => (s === null ? "-" : `${s.toFixed(0)} s`);
const scenarios = loadScenarios().filter((s) => s.fixedBy);
console.log("# Mitigations end to end on the simulator (simulated time; 5 s steps; rank 1 approved at once)\n");
console.log("scenario               fix              diagnosis        chosen           onset→alert  onset→proposal  approval→done  approval→p99<SLO  failed%   throttled%  outcome   | do nothing: p99>SLO for, failed%");
const started = performance.now();
for (const s of scenarios) {
  const peer = await run(s.name, { approve: false });
  const r = await run(s.name, { approve: true });
  console.log(
    [
      r.scenario.padEnd(22),
      r.fixedBy.padEnd(16),
      r.diagnosis.padEnd(16),
      (r.chosen + (r.chosen === r.fixedBy ? "" : " ✗")).padEnd(16),
      fmtS(r.onsetToAlertS).padStart(11),
      fmtS(r.onsetToProposalS).padStart(15),
      fmtS(r.approvalToDoneS).padStart(14),
      fmtS(r.approvalToSloS).padStart(17),
      `${r.failedPct.toFixed(3)}%`.padStart(8),
      `${r.throttledPct.toFixed(1)}%`.padStart(11),
      `  ${r.outcome.padEnd(9)}`,
      `| ${peer.peerOverSloS} s, ${peer.peerFailedPct.toFixed(3)}%`,
    ].join(" "),
  );
}
const wrong = await run("celebrity-key-writes", {
  approve: true,
  rollbackIfNotImproved: true,
  force: (facts) => {
    const d = chooseMitigations({ ...facts, shard: facts.shard ? { ...facts.shard, load: null } : null }).proposals.find((p) => p.action === "split");
    return d ?? null;
  },
});
console.log(
  `\n## Wrong first choice: a split for one hot key (celebrity-key-writes)\noutcome ${wrong.outcome}; rollback took ${wrong.rolledBack ? `${wrong.rolledBack.seconds} s` : "-"}; shards before ${wrong.rolledBack?.shardsBefore ?? "-"}, after rollback ${wrong.rolledBack?.shardsAfter ?? "-"} (restored: ${wrong.rolledBack ? wrong.rolledBack.shardsBefore === wrong.rolledBack.shardsAfter : false}); failed ${wrong.failedPct.toFixed(3)}% of requests`,
);
console.log(`\nTargets: onset → proposal < 20 s; p99 of the affected shards under ${SLO_P99_MS} ms within 300 s of approval; < 0.1 % of requests failed during the rebalance.`);
console.log(`Ran in ${((performance.now() - started) / 1000).toFixed(0)} s of wall time.`);
