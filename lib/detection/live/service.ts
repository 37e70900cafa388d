import { loadOpenAlerts, loadRecentlyResolved, persistTransitions } from "@/lib/detection/alerts";
import { DetectionEngine, type TEvaluation } from "@/lib/detection/engine/engine";
import type { TAlert, TTransition } from "@/lib/detection/engine/types";
import { DetectionView, ViewCache } from "@/lib/detection/engine/view";
import { disableRuleOnError, loadActiveRules, seedDefaultRules } from "@/lib/detection/rules";
import type { TRule } from "@/lib/detection/rules/schema";
import { isSilenced, loadActiveSilences } from "@/lib/detection/silences";
import type { PrismaClient } from "@/lib/generated/prisma/client.ts";
import { log } from "@/lib/log";
import { yieldToRequests } from "@/lib/steps";
import type { WindowStore } from "@/lib/telemetry/window-store";
import { detectionMetrics } from "./metrics";

// Live detection: every evalInterval the engine evaluates the enabled rules over the window store at
// the event-time watermark (the newest sample time, never ahead of the wall clock minus the allowed
// lateness), stores the transitions, and hands the ones worth telling to the notifiers.

export type TDetectionConfig = {
  evalIntervalMs: number;
  /** Samples this much younger than the wall clock are left for the next evaluation. */
  latenessMs: number;
  staleMs: number;
  /** How often the value and summary of open alerts are written back. */
  snapshotMs: number;
};

export type TNotification = { transition: TTransition; silenced: boolean };
export type TNotifier = (batch: TNotification[]) => void | Promise<void>;

/** Whether an alert on these labels is the predictable effect of a running mitigation (not paged). */
export type TExpectation = (labels: Record<string, string | undefined>) => boolean;

export type TDetectionStatus = { lastEvalAt: number | null; lastWallAt: number | null; lastDurationMs: number | null; rules: number; open: number };

const MAX_PENDING_WRITES = 50_000;
/** How often the timer looks for a settled step of new data. */
const WAKE_MS = 250;

export class DetectionService {
  private timer: NodeJS.Timeout | null = null;
  private busy: Promise<void> | null = null;
  private lastEvalAt = -Infinity;
  /** The newest sample time seen by the wake-up timer, and when a step of new data will have settled. */
  private seenMaxTs = -Infinity;
  private stepDueAt: number | null = null;
  private lastSnapshot = 0;
  private unsaved: TTransition[] = [];
  private readonly notifiers: TNotifier[] = [];
  private expectation: TExpectation = () => false;
  /** Open alerts that fired while expected; told once the mitigation no longer covers them. */
  private readonly expectedIds = new Set<string>();
  private readonly things = new ViewCache();
  private readonly metrics = detectionMetrics();
  readonly status: TDetectionStatus = { lastEvalAt: null, lastWallAt: null, lastDurationMs: null, rules: 0, open: 0 };

  private constructor(
    private readonly db: PrismaClient,
    private readonly store: WindowStore,
    private readonly cfg: TDetectionConfig,
    private readonly engine: DetectionEngine,
  ) {}

  /** Seeds the default rules on first start and resumes the open alerts where they were. */
  static async start(db: PrismaClient, store: WindowStore, cfg: TDetectionConfig, opts: { timer?: boolean } = {}): Promise<DetectionService> {
    const { created } = await seedDefaultRules(db);
    if (created.length) log.info("default detection rules created", { rules: created });
    const open: TAlert[] = await loadOpenAlerts(db);
    // Flap memory: alerts resolved in the last hour (flap windows are minutes), so a restart does not re-page.
    const resolved = await loadRecentlyResolved(db, Date.now() - 3_600_000);
    const svc = new DetectionService(db, store, cfg, new DetectionEngine({}, [...resolved, ...open]));
    if (opts.timer !== false) {
      svc.timer = setInterval(() => void svc.tickIfDue(), Math.min(WAKE_MS, cfg.evalIntervalMs));
      svc.timer.unref();
    }
    return svc;
  }

  /**
   * Evaluates a step of new data as soon as it has settled rather than on the next fixed tick. A step is
   * the newest sample time jumping by an eval interval or more (a 5 s source's next batch, a remote_write
   * flush): it is evaluated once the allowed lateness has passed, and the tick waits for it instead of
   * evaluating the quiet time before it. Streams that advance a little at a time are evaluated every eval
   * interval of wall time, as before. A wake-up between those costs a few comparisons.
   */
  tickIfDue(wallNow = Date.now()): Promise<void> | undefined {
    const maxTs = this.store.maxTs;
    if (maxTs - this.seenMaxTs >= this.cfg.evalIntervalMs) this.stepDueAt = Math.min(maxTs, wallNow) + this.cfg.latenessMs;
    if (maxTs > this.seenMaxTs) this.seenMaxTs = maxTs;
    if (this.stepDueAt !== null) {
      if (wallNow < this.stepDueAt) return;
      this.stepDueAt = null;
      return this.tick(wallNow);
    }
    const since = this.status.lastWallAt === null ? Infinity : wallNow - this.status.lastWallAt;
    if (since < this.cfg.evalIntervalMs) return;
    return this.tick(wallNow);
  }

  onNotify(notifier: TNotifier): void {
    this.notifiers.push(notifier);
  }

  /** Set by the mitigation orchestrator: alerts it predictably causes are stored as expected, not told. */
  setExpectation(fn: TExpectation): void {
    this.expectation = fn;
  }

  /**
   * After a mitigation settles, the normal rules apply again: alerts that fired as expected and are
   * still firing outside any running mitigation's scope are told now, as firing.
   */
  async releaseExpected(now = Date.now()): Promise<void> {
    if (!this.expectedIds.size) return;
    const open = new Map(this.engine.openAlerts().map((a) => [a.id, a]));
    const release: TTransition[] = [];
    for (const id of this.expectedIds) {
      const alert = open.get(id);
      if (!alert || alert.state !== "firing") this.expectedIds.delete(id);
      else if (!this.expectation(alert.labels)) {
        this.expectedIds.delete(id);
        release.push({ type: "firing", alert: { ...alert }, at: alert.lastEvalAt, notify: true });
      }
    }
    if (!release.length) return;
    await this.db.alert.updateMany({ where: { id: { in: release.map((t) => t.alert.id) } }, data: { expected: false } });
    await this.notify(release, now);
  }

  /** One evaluation at the current watermark; overlapping calls wait for the running one. */
  tick(wallNow = Date.now()): Promise<void> {
    this.busy ??= this.evaluate(wallNow)
      .catch((err: unknown) => log.error("detection evaluation failed", { err }))
      .finally(() => (this.busy = null));
    return this.busy;
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.busy;
    await this.flush().catch((err: unknown) => log.warn("alert transitions not saved at stop", { err }));
  }

  private async evaluate(wallNow: number): Promise<void> {
    const watermark = Math.min(this.store.maxTs, wallNow - this.cfg.latenessMs);
    if (!Number.isFinite(watermark) || watermark <= this.lastEvalAt) return;
    const rules = await loadActiveRules(this.db);
    const started = performance.now();
    // Column by column, then rule by rule, letting requests in between: rules read points as of the
    // watermark, so what is applied meanwhile is later and unseen (or late beyond the allowed lateness).
    let pausedMs = 0;
    const pause = async () => {
      const paused = performance.now();
      await yieldToRequests();
      pausedMs += performance.now() - paused;
    };
    const view = await DetectionView.ofYielding(this.store, watermark, { staleMs: this.cfg.staleMs }, this.things, pause);
    const evaluation = await this.engine.evaluateYielding(rules, view, pause);
    const durationMs = performance.now() - started - pausedMs; // the evaluation's own time, as before
    this.lastEvalAt = watermark;
    Object.assign(this.status, {
      lastEvalAt: watermark,
      lastWallAt: wallNow,
      lastDurationMs: durationMs,
      rules: rules.length,
      open: this.engine.openAlerts().length,
    });
    this.metrics.evalSeconds.observe(durationMs / 1000);
    this.metrics.watermarkLag.set((wallNow - watermark) / 1000);
    await this.disableFailed(rules, evaluation);
    this.unsaved.push(...evaluation.transitions, ...this.snapshots(wallNow));
    await this.flush();
    await this.markExpected(evaluation.transitions);
    this.observe(evaluation.transitions, Date.now());
    await this.notify(evaluation.transitions, Date.now());
  }

  /** Firing alerts a running mitigation predicts are stored as expected and not told; so is their end. */
  private async markExpected(transitions: TTransition[]): Promise<void> {
    const ids: string[] = [];
    for (const t of transitions) {
      if (!t.notify) continue;
      if (t.type === "firing" && this.expectation(t.alert.labels)) {
        t.notify = false;
        this.expectedIds.add(t.alert.id);
        ids.push(t.alert.id);
      } else if (t.type === "resolved" && this.expectedIds.delete(t.alert.id)) t.notify = false;
    }
    if (ids.length) await this.db.alert.updateMany({ where: { id: { in: ids } }, data: { expected: true } });
  }

  /** Open alerts' current value and summary, written back every snapshotMs. */
  private snapshots(wallNow: number): TTransition[] {
    if (wallNow - this.lastSnapshot < this.cfg.snapshotMs) return [];
    this.lastSnapshot = wallNow;
    return this.engine.openAlerts().map((alert) => ({ type: "updated", alert: { ...alert }, at: alert.lastEvalAt, notify: false }));
  }

  /** Transitions are kept and retried when the database is away (bounded: the oldest updates go first). */
  private async flush(): Promise<void> {
    if (!this.unsaved.length) return;
    const batch = this.unsaved;
    this.unsaved = [];
    try {
      await persistTransitions(this.db, batch);
    } catch (err) {
      this.unsaved = [...batch, ...this.unsaved].slice(-MAX_PENDING_WRITES);
      throw err;
    }
  }

  private async disableFailed(rules: TRule[], evaluation: TEvaluation): Promise<void> {
    for (const f of evaluation.failures) {
      const version = rules.find((r) => r.id === f.ruleId)?.version;
      log.warn("detection rule failed and is disabled", { rule: f.ruleName, reason: f.message });
      this.metrics.ruleFailures.inc({ rule: f.ruleName });
      await disableRuleOnError(this.db, f.ruleId, `Evaluation failed: ${f.message}`, version !== undefined ? { version } : {});
    }
  }

  private observe(transitions: TTransition[], wallNow: number): void {
    for (const t of transitions) {
      this.metrics.transitions.inc({ type: t.type });
      if (t.type === "firing" && t.notify && t.alert.firedAt !== null) {
        this.metrics.latency.observe({ rule: t.alert.ruleName }, (t.alert.firedAt - t.alert.activeAt) / 1000);
        this.metrics.wallLatency.observe({ rule: t.alert.ruleName }, Math.max(0, wallNow - t.alert.activeAt) / 1000);
      }
    }
    const open = this.engine.openAlerts();
    this.metrics.open.set({ state: "pending" }, open.filter((a) => a.state === "pending").length);
    this.metrics.open.set({ state: "firing" }, open.filter((a) => a.state === "firing").length);
  }

  /** Silences suppress notifications, not evaluation. */
  private async notify(transitions: TTransition[], now: number): Promise<void> {
    const told = transitions.filter((t) => t.notify);
    if (!told.length) return;
    const silences = await loadActiveSilences(this.db, now);
    const batch = told.map((transition) => ({ transition, silenced: isSilenced(silences, transition.alert, now) }));
    for (const { transition: t, silenced } of batch) {
      log.info(`alert ${t.type}${silenced ? " (silenced)" : ""}`, { rule: t.alert.ruleName, summary: t.alert.summary });
    }
    for (const n of this.notifiers) await Promise.resolve(n(batch)).catch((err: unknown) => log.warn("an alert notifier failed", { err }));
  }
}
