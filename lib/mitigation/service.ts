import { SYSTEM_ACTOR } from "@/lib/auth/actor";
import type { TControlPlane } from "@/lib/control-plane/types";
import type { DetectionService, TNotification } from "@/lib/detection/live/service";
import type { PrismaClient } from "@/lib/generated/prisma/client.ts";
import { log } from "@/lib/log";
import type { WindowStore } from "@/lib/telemetry/window-store";
import { requirePermission } from "@/lib/auth/require";
import type { TCtx } from "@/lib/context";
import { ConflictError, NotFoundError, UnavailableError, ValidationError } from "@/lib/errors";
import { toMitigationView, WITH_DETAIL } from "./internal";
import { chooseMitigations, draftRequested, type TRequestedAction } from "./choose";
import { gatherFacts, measureExpectation, type TGatherDeps } from "./gather";
import { MitigationOrchestrator, type TGuardrails } from "./orchestrator";
import type { TMitigationPolicy } from "./policy";
import { proposeMitigations } from "./propose-mitigations";
import { syncShardRegistry } from "./registry";
import type { TMitigationView } from "./schemas";
import { isExpected, scopesOf, type TScope } from "./scope";
import type { TMitigationEvent } from "./state";

// Mitigations in the running server: proposals made as alerts fire, the orchestrator's passes, the
// scope of running operations handed to detection (their alerts are expected), and the registry.

export type TMitigationConfig = { policy: TMitigationPolicy; guard: Partial<TGuardrails>; tickMs: number; staleMs: number };
export type TMitigationListener = (m: TMitigationView, event: TMitigationEvent | "proposed") => void;

const REGISTRY_SYNC_MS = 60_000;

/** Rule kinds whose alerts name a shard problem the catalog can act on. */
const ACTIONABLE = new Set(["hot-shard", "shard-threshold", "fleet-outlier", "cluster-skew", "anomaly", "replica-lag", "replica-lag-growth"]);

export class MitigationService {
  readonly orchestrator: MitigationOrchestrator;
  private scopes: TScope[] = [];
  private scopeKey = "";
  private timer: NodeJS.Timeout | null = null;
  private readonly listeners: TMitigationListener[] = [];
  private readonly ruleKinds = new Map<string, string>();
  private lastRegistrySync = 0;

  constructor(
    private readonly db: PrismaClient,
    private readonly store: WindowStore,
    private readonly detection: DetectionService,
    private readonly plane: () => TControlPlane | null,
    private readonly cfg: TMitigationConfig,
  ) {
    this.orchestrator = new MitigationOrchestrator({
      db,
      plane,
      facts: async (m, was) => {
        const deps = await this.gatherDeps();
        return deps ? gatherFacts(deps, { cluster: m.cluster, shard: was.shard?.id ?? shardOf(m), trigger: was.trigger }, Date.now()) : null;
      },
      measure: async (m, e) => {
        const deps = await this.gatherDeps();
        return deps ? measureExpectation(deps, m.cluster, e, Date.now()) : null;
      },
      syncRegistry: async (cluster) => {
        const p = plane();
        if (p) await syncShardRegistry(db, p, cluster);
      },
      guard: cfg.guard,
      onChange: (m, event) => this.emit(m, event),
    });
    detection.setExpectation((labels) => isExpected(this.scopes, labels));
    detection.onNotify((batch) => this.onAlerts(batch));
  }

  static async start(deps: { db: PrismaClient; store: WindowStore; detection: DetectionService; plane: () => TControlPlane | null; cfg: TMitigationConfig }, opts: { timer?: boolean } = {}) {
    const svc = new MitigationService(deps.db, deps.store, deps.detection, deps.plane, deps.cfg);
    await svc.refreshScopes();
    if (opts.timer !== false) {
      svc.timer = setInterval(() => void svc.pass(), deps.cfg.tickMs);
      svc.timer.unref();
    }
    return svc;
  }

  onEvent(listener: TMitigationListener): void {
    this.listeners.push(listener);
  }

  private emit(m: TMitigationView, event: TMitigationEvent | "proposed"): void {
    for (const l of this.listeners) {
      try {
        l(m, event);
      } catch (err) {
        log.warn("a mitigation listener failed", { err });
      }
    }
  }

  async pass(): Promise<void> {
    await this.orchestrator.tick();
    await this.refreshScopes().catch((err: unknown) => log.warn("mitigation scopes not refreshed", { err }));
    if (Date.now() - this.lastRegistrySync >= REGISTRY_SYNC_MS) {
      this.lastRegistrySync = Date.now();
      await this.syncRegistry().catch((err: unknown) => log.warn("shard registry not refreshed", { err }));
    }
  }

  /** Mirrors every watched cluster the control plane knows into the registry (cutovers also sync at once). */
  async syncRegistry(): Promise<void> {
    const plane = this.plane();
    if (!plane) return;
    for (const { name } of await this.db.cluster.findMany({ select: { name: true } })) {
      try {
        await syncShardRegistry(this.db, plane, name);
      } catch (err) {
        if (!(err instanceof NotFoundError)) throw err; // a cluster the plane does not manage
      }
    }
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.orchestrator.stop();
  }

  /** What running mitigations touch; when that shrinks, detection tells the alerts no longer covered. */
  private async refreshScopes(): Promise<void> {
    const running = await this.db.mitigation.findMany({
      where: { state: { in: ["executing", "verifying", "rolling-back"] } },
      select: { id: true, cluster: true, action: true, target: true, params: true, signal: true },
    });
    this.scopes = scopesOf(running.map((r) => ({ ...r, params: r.params as Record<string, unknown>, signal: r.signal as { shard?: { node?: string } } })));
    const key = running.map((r) => r.id).sort().join(",");
    if (key !== this.scopeKey) {
      this.scopeKey = key;
      await this.detection.releaseExpected();
    }
  }

  private async replicaLagSlo(): Promise<number> {
    const rule = await this.db.rule.findFirst({ where: { kind: "replica-lag", enabled: true }, select: { params: true }, orderBy: { createdAt: "asc" } });
    const v = (rule?.params as { fireAboveSeconds?: unknown } | undefined)?.fireAboveSeconds;
    return typeof v === "number" && v > 0 ? v : 30;
  }

  private async gatherDeps(): Promise<TGatherDeps | null> {
    const plane = this.plane();
    if (!plane) return null;
    return { store: this.store, plane, staleMs: this.cfg.staleMs, replicaLagSloSeconds: await this.replicaLagSlo() };
  }

  private async kindOf(ruleId: string): Promise<string | null> {
    if (!ruleId) return null;
    let kind = this.ruleKinds.get(ruleId);
    if (kind === undefined) {
      kind = (await this.db.rule.findUnique({ where: { id: ruleId }, select: { kind: true } }))?.kind ?? "";
      this.ruleKinds.set(ruleId, kind);
    }
    return kind || null;
  }

  /** A firing alert the catalog can act on gets its ranked proposals (once per alert). */
  private async onAlerts(batch: TNotification[]): Promise<void> {
    for (const { transition: t } of batch) {
      if (t.type !== "firing") continue;
      const kind = await this.kindOf(t.alert.ruleId);
      if (!kind || !ACTIONABLE.has(kind)) continue;
      await this.proposeFor(t.alert.id, kind, t.alert.labels).catch((err: unknown) => {
        // A cluster the control plane does not manage (pushed by an exporter only) has nothing to act on: say so, no stack.
        if (err instanceof NotFoundError) log.info("no mitigation proposed: the control plane does not manage this cluster", { alert: t.alert.id, cluster: t.alert.labels.cluster, reason: err.message });
        else log.warn("no mitigation proposed", { alert: t.alert.id, err });
      });
    }
  }

  /**
   * A person or automation asks for a split, move or throttle of one shard (POST /api/v1/shards/{id}:…).
   * It becomes a proposal like the catalog's own, planned from the current topology, and still needs
   * an operator's approval. The same Idempotency-Key from the same caller returns the first answer.
   */
  async requestShardAction({ ctx, input }: { ctx: TCtx; input: TShardActionRequest }): Promise<{ mitigation: TMitigationView; replayed: boolean }> {
    requirePermission(ctx.actor, "operate");
    const caller = ctx.actor.type === "system" ? "system" : `${ctx.actor.type}:${ctx.actor.id}`;
    const key = input.idempotencyKey ? `${caller}:${input.idempotencyKey}` : undefined;
    if (key) {
      const prior = await this.db.mitigation.findUnique({ where: { idempotencyKey: key }, include: WITH_DETAIL });
      if (prior) {
        if (prior.action !== input.req.action || prior.target !== input.shard || prior.cluster !== input.cluster)
          throw new ConflictError(`Idempotency-Key was used for ${prior.action} of ${prior.cluster}/${prior.target}; use a new key for a different request`);
        return { mitigation: toMitigationView(prior), replayed: true };
      }
    }
    const deps = await this.gatherDeps();
    if (!deps) throw new UnavailableError("No control plane is configured: set SHARDWATCH_CONTROL_PLANE_URL or run the simulator");
    const facts = await gatherFacts(deps, { cluster: input.cluster, shard: input.shard, trigger: "manual" }, Date.now());
    if (!facts.shard) throw new NotFoundError(`Cluster ${input.cluster} has no shard "${input.shard}" in the control plane's topology`);
    const { draft, reason, choice } = draftRequested(facts, input.req, ctx.actor.label);
    if (!draft) throw new ValidationError(`Cannot plan a ${input.req.action} of ${input.shard}: ${reason}`);
    const [view] = await proposeMitigations({
      ctx,
      input: {
        cluster: input.cluster,
        alertId: null,
        diagnosis: choice.diagnosis,
        drafts: [draft],
        signal: { ...facts, choice: { summary: choice.summary, cannotHelp: choice.cannotHelp } },
        source: "api",
        idempotencyKey: key,
      },
      policy: this.cfg.policy,
    });
    this.emit(view!, "proposed");
    return { mitigation: view!, replayed: false };
  }

  async proposeFor(alertId: string, kind: string, labels: { cluster: string; shard?: string }): Promise<TMitigationView[]> {
    const deps = await this.gatherDeps();
    if (!deps) return [];
    const facts = await gatherFacts(deps, { cluster: labels.cluster, shard: labels.shard ?? null, trigger: kind }, Date.now());
    const choice = chooseMitigations(facts);
    if (!choice.proposals.length) {
      log.info("no catalog action fits this alert", { alert: alertId, diagnosis: choice.diagnosis, summary: choice.summary });
      return [];
    }
    const views = await proposeMitigations({
      ctx: { db: this.db, actor: SYSTEM_ACTOR },
      input: {
        cluster: labels.cluster,
        alertId,
        diagnosis: choice.diagnosis,
        drafts: choice.proposals,
        signal: { ...facts, choice: { summary: choice.summary, cannotHelp: choice.cannotHelp } },
        source: "detection",
      },
      policy: this.cfg.policy,
    });
    for (const v of views) if (Date.now() - v.createdAt < 5_000) this.emit(v, "proposed");
    return views;
  }
}

export type TShardActionRequest = { cluster: string; shard: string; req: TRequestedAction; idempotencyKey?: string };

/** The shard an action is about when the stored signal names none (API requests on a shard). */
function shardOf(m: TMitigationView): string | null {
  if (typeof m.params.shard === "string") return m.params.shard;
  if (m.action === "throttle") return m.target === "cluster" ? null : m.target;
  return m.action === "key-salting" || m.action === "cache-overlay" ? null : m.target;
}
