import { randomUUID } from "node:crypto";
import type { TRule } from "@/lib/detection/rules/schema";
import { runSteps, runStepsYielding } from "@/lib/steps";
import { evaluateRule, type TFinding, type TRuleMemory } from "./evaluators";
import { fmtDuration } from "./format";
import type { TAlert, TTransition } from "./types";
import type { DetectionView } from "./view";

// The alert state machine over the evaluators' findings. Live and backtest both call evaluate() with a
// view at an event time; nothing here reads a clock, so the same trace gives the same alerts.
//
//   (none) ──fire──> pending ──fire for `for`──> firing ──clear for `clearFor`──> resolved
//                      └──not fire──> cancelled        └─ re-fires within flapWindow: reopened, flapping

export type TEngineOptions = {
  newId: () => string;
  /** A firing alert whose target stopped reporting resolves after this long. */
  noDataResolveMs: number;
};

export type TRuleFailure = { ruleId: string; ruleName: string; message: string };
export type TEvaluation = { transitions: TTransition[]; failures: TRuleFailure[]; evaluatedAt: number };

type TOpen = { alert: TAlert; target: string; text: string; clearSince: number | null; lastSeenAt: number };
type TRecent = { alert: TAlert; until: number };

const SEP = "\u0001";

export class DetectionEngine {
  private readonly open = new Map<string, TOpen>();
  private readonly recent = new Map<string, TRecent>();
  private readonly memory = new Map<string, TRuleMemory>();
  /** Resolved alerts handed over at start, until their rule (and so its flap window) is seen. */
  private readonly resumedRecent = new Map<string, TAlert>();
  private readonly opts: TEngineOptions;

  constructor(opts: Partial<TEngineOptions> = {}, resume: TAlert[] = []) {
    this.opts = { newId: randomUUID, noDataResolveMs: 5 * 60_000, ...opts };
    for (const alert of resume) {
      if (alert.state === "resolved") {
        this.resumedRecent.set(alert.fingerprint, alert); // the newest resolution of a fingerprint wins
        continue;
      }
      const target = alert.fingerprint.slice(alert.fingerprint.indexOf(SEP) + 1);
      // Only the trailing duration describe() appended: texts may say "for" themselves ("has not reported for 40 s while…").
      const text = alert.summary.replace(/ for (?:\d+ s|\d+ min|\d+ h \d+ min)$/, "");
      this.open.set(alert.fingerprint, { alert, target, text, clearSince: null, lastSeenAt: alert.lastEvalAt });
    }
  }

  /** Open (pending and firing) alerts, as of the last evaluation. */
  openAlerts(): TAlert[] {
    return [...this.open.values()].map((o) => o.alert);
  }

  evaluate(rules: readonly TRule[], view: DetectionView): TEvaluation {
    return runSteps(this.steps(rules, view));
  }

  /**
   * The same evaluation, handing the thread back (`pause`) after each rule: the live service shares
   * its thread with ingest, and all rules over 10,000 shards at once held it for 30-40 ms.
   */
  evaluateYielding(rules: readonly TRule[], view: DetectionView, pause: () => Promise<void>): Promise<TEvaluation> {
    return runStepsYielding(this.steps(rules, view), pause);
  }

  /** Evaluates rule after rule, yielding after each one that ran; returns the evaluation. */
  private *steps(rules: readonly TRule[], view: DetectionView): Generator<void, TEvaluation> {
    const now = view.now;
    const transitions: TTransition[] = [];
    const failures: TRuleFailure[] = [];
    const active = new Set<string>();
    for (const rule of rules) {
      if (!rule.enabled || rule.disabledReason) continue;
      active.add(rule.id);
      if (this.resumedRecent.size) this.resumeFlapMemory(rule);
      const openTargets = new Set<string>();
      for (const o of this.open.values()) if (o.alert.ruleId === rule.id) openTargets.add(o.target);
      let memory = this.memory.get(rule.id);
      if (!memory) this.memory.set(rule.id, (memory = new Map<string, unknown>()));
      let findings: TFinding[];
      try {
        findings = evaluateRule({ rule, view, open: openTargets, memory });
      } catch (err) {
        failures.push({ ruleId: rule.id, ruleName: rule.name, message: err instanceof Error ? err.message : String(err) });
        continue; // its alerts stay as they are; the caller disables the rule and says why
      }
      const seen = new Set<string>();
      for (const f of findings) {
        const fp = `${rule.id}${SEP}${f.target}`;
        seen.add(fp);
        this.step(rule, fp, f, now, transitions);
      }
      for (const [fp, o] of this.open) {
        if (o.alert.ruleId === rule.id && !seen.has(fp)) this.noData(rule, fp, o, now, transitions);
      }
      yield;
    }
    // Alerts of rules that were deleted or switched off resolve.
    for (const [fp, o] of this.open) {
      if (!active.has(o.alert.ruleId)) this.close(fp, o, now, o.alert.state === "pending" ? "cancelled" : "resolved", transitions, 0);
    }
    for (const [fp, r] of this.recent) if (r.until < now) this.recent.delete(fp);
    for (const id of this.memory.keys()) if (!active.has(id)) this.memory.delete(id);
    return { transitions, failures, evaluatedAt: now };
  }

  /** A target that resolved shortly before a restart and fires again is still flapping. */
  private resumeFlapMemory(rule: TRule): void {
    for (const [fp, alert] of this.resumedRecent) {
      if (alert.ruleId !== rule.id) continue;
      this.resumedRecent.delete(fp);
      if (!this.open.has(fp) && alert.resolvedAt !== null) this.recent.set(fp, { alert, until: alert.resolvedAt + rule.flapWindow * 1000 });
    }
  }

  private step(rule: TRule, fp: string, f: TFinding, now: number, out: TTransition[]): void {
    const o = this.open.get(fp);
    if (!o) {
      if (f.status !== "fire") return;
      const alert: TAlert = {
        id: this.opts.newId(),
        fingerprint: fp,
        ruleId: rule.id,
        ruleName: rule.name,
        severity: rule.severity,
        state: "pending",
        labels: f.labels,
        value: f.value,
        summary: "",
        activeAt: Math.min(f.sampleTs, now),
        firedAt: null,
        resolvedAt: null,
        lastEvalAt: now,
        flapping: false,
        flapCount: 0,
      };
      const created: TOpen = { alert, target: f.target, text: f.text, clearSince: null, lastSeenAt: now };
      this.open.set(fp, created);
      this.describe(created, now);
      out.push({ type: "pending", alert: { ...alert }, at: now, notify: false });
      this.maybeFire(rule, fp, created, now, out);
      return;
    }
    o.lastSeenAt = now;
    o.alert.lastEvalAt = now;
    // A clear finding describes the recovery; the alert keeps saying what was wrong.
    if (f.status !== "clear") {
      o.text = f.text;
      o.alert.value = f.value;
      o.alert.labels = f.labels;
    }
    this.describe(o, now);
    if (o.alert.state === "pending") {
      if (f.status === "fire") this.maybeFire(rule, fp, o, now, out);
      else this.close(fp, o, now, "cancelled", out, rule.flapWindow);
      return;
    }
    if (f.status !== "clear") {
      o.clearSince = null;
      return;
    }
    o.clearSince ??= now;
    const hold = (o.alert.flapping ? Math.max(rule.clearFor, rule.flapWindow) : rule.clearFor) * 1000;
    if (now - o.clearSince >= hold) this.close(fp, o, now, "resolved", out, rule.flapWindow);
  }

  private maybeFire(rule: TRule, fp: string, o: TOpen, now: number, out: TTransition[]): void {
    if (now - o.alert.activeAt < rule.for * 1000) return;
    const prev = this.recent.get(fp);
    if (prev && prev.until >= now) {
      // Fired again soon after resolving: the earlier alert reopens, marked flapping, and pages no one.
      this.recent.delete(fp);
      out.push({ type: "cancelled", alert: { ...o.alert }, at: now, notify: false });
      const reopened: TAlert = {
        ...prev.alert,
        state: "firing",
        resolvedAt: null,
        value: o.alert.value,
        labels: o.alert.labels,
        lastEvalAt: now,
        flapping: true,
        flapCount: prev.alert.flapCount + 1,
      };
      const r: TOpen = { alert: reopened, target: o.target, text: o.text, clearSince: null, lastSeenAt: now };
      this.open.set(fp, r);
      this.describe(r, now);
      out.push({ type: "firing", alert: { ...reopened }, at: now, notify: false });
      return;
    }
    o.alert.state = "firing";
    o.alert.firedAt = now;
    this.describe(o, now);
    out.push({ type: "firing", alert: { ...o.alert }, at: now, notify: true });
  }

  private noData(rule: TRule, fp: string, o: TOpen, now: number, out: TTransition[]): void {
    if (o.alert.state === "pending") this.close(fp, o, now, "cancelled", out, rule.flapWindow);
    else if (now - o.lastSeenAt >= this.opts.noDataResolveMs) {
      o.text = `${o.text} (no data since ${fmtDuration(now - o.lastSeenAt)} ago)`;
      this.close(fp, o, now, "resolved", out, rule.flapWindow);
    }
  }

  private close(fp: string, o: TOpen, now: number, type: "cancelled" | "resolved", out: TTransition[], flapWindowSeconds: number): void {
    this.open.delete(fp);
    o.alert.lastEvalAt = now;
    if (type === "cancelled") {
      out.push({ type, alert: { ...o.alert }, at: now, notify: false });
      return;
    }
    o.alert.state = "resolved";
    o.alert.resolvedAt = now;
    this.describe(o, now);
    out.push({ type, alert: { ...o.alert }, at: now, notify: true });
    if (flapWindowSeconds > 0) this.recent.set(fp, { alert: { ...o.alert }, until: now + flapWindowSeconds * 1000 });
  }

  private describe(o: TOpen, now: number): void {
    const end = o.alert.resolvedAt ?? now;
    o.alert.summary = `${o.text} for ${fmtDuration(end - o.alert.activeAt)}`;
  }
}
