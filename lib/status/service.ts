import { loadOpenAlerts } from "@/lib/detection/alerts";
import type { DetectionService } from "@/lib/detection/live/service";
import type { PrismaClient } from "@/lib/generated/prisma/client.ts";
import { log } from "@/lib/log";
import { applyMaintenanceSchedule } from "./apply-maintenance-schedule";
import { NoticeDrafter } from "./drafts/drafter";
import type { TNoticeEmit } from "./internal";

// The status page's background work in the running server: maintenance starts and ends on time, and
// breaches that last draft notices. Errors are logged and retried next pass; detection never waits.

export type TStatusConfig = { tickMs: number; draftAfterMs: number };

export class StatusService {
  private timer: NodeJS.Timeout | null = null;
  private busy: Promise<void> | null = null;
  private emitFn: TNoticeEmit | undefined;
  readonly drafter: NoticeDrafter;

  private constructor(
    private readonly db: PrismaClient,
    cfg: TStatusConfig,
  ) {
    this.drafter = new NoticeDrafter(db, cfg.draftAfterMs);
  }

  static async start(deps: { db: PrismaClient; detection: DetectionService | null; cfg: TStatusConfig }, opts: { timer?: boolean } = {}): Promise<StatusService> {
    const svc = new StatusService(deps.db, deps.cfg);
    svc.drafter.seed(await loadOpenAlerts(deps.db));
    deps.detection?.onNotify((batch) => svc.drafter.observe(batch));
    if (opts.timer !== false) {
      svc.timer = setInterval(() => void svc.pass(), deps.cfg.tickMs);
      svc.timer.unref();
    }
    return svc;
  }

  /** Set by the webhooks wiring: notice events go to its outbox inside each transaction. */
  setEmit(fn: TNoticeEmit | undefined): void {
    this.emitFn = fn;
  }

  get emit(): TNoticeEmit | undefined {
    return this.emitFn;
  }

  /** One pass; overlapping calls wait for the running one. */
  pass(now = Date.now()): Promise<void> {
    this.busy ??= this.run(now).finally(() => (this.busy = null));
    return this.busy;
  }

  private async run(now: number): Promise<void> {
    await applyMaintenanceSchedule({ db: this.db, now: new Date(now), emit: this.emitFn }).catch((err: unknown) => log.warn("maintenance schedule not applied", { err }));
    await this.drafter.pass(now).catch((err: unknown) => log.warn("breach drafts not written", { err }));
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.busy;
  }
}
