import { randomUUID } from "node:crypto";
import type { PrismaClient } from "@/lib/generated/prisma/client.ts";
import { log } from "@/lib/log";
import type { TResolve, TUrlPolicy } from "@/lib/net";
import { DEFAULT_BACKOFF, type TBackoff } from "./backoff";
import { claimDeliveries, releaseLeases, type TClaimedDelivery } from "./claim-deliveries";
import { webhookMetrics } from "./metrics";
import { onWebhookNudge } from "./nudge";
import { recordBatch, type TFinished } from "./record-batch";
import { sendDelivery } from "./send-delivery";

export type TDelivererOptions = {
  db: PrismaClient;
  policy: TUrlPolicy;
  timeoutMs: number;
  maxBytes: number;
  disableAfter: number;
  /** Requests in flight at once. */
  concurrency: number;
  backoff?: Partial<TBackoff>;
  /** How often to look for due work when nothing nudges (other instances' events, retries). */
  pollMs?: number;
  /** How long a claim is held; must outlast a request (timeout) plus the wait in the local queue. */
  leaseMs?: number;
  resolve?: TResolve;
  random?: () => number;
};

/**
 * Sends the outbox: claims due deliveries under a lease, keeps `concurrency` requests in flight,
 * records each attempt, and sleeps until a nudge, the soonest retry it scheduled, or the poll.
 */
export class WebhookDeliverer {
  private readonly id = randomUUID();
  private seq = 0;
  private readonly queue: { d: TClaimedDelivery; token: string }[] = [];
  private readonly inFlight = new Set<Promise<void>>();
  private readonly finished: { item: TFinished; done: () => void }[] = [];
  private flushing = false;
  private flushed: Promise<void> = Promise.resolve();
  private readonly abort = new AbortController();
  private readonly backoff: TBackoff;
  private timer: NodeJS.Timeout | null = null;
  private pumping = false;
  private again = false;
  private stopped = false;
  private soonest = Infinity;
  private lastGauge = 0;
  private readonly unsubscribe: () => void;

  private constructor(private readonly opts: TDelivererOptions) {
    this.backoff = { ...DEFAULT_BACKOFF, ...opts.backoff };
    this.unsubscribe = onWebhookNudge(() => this.nudge());
  }

  static start(opts: TDelivererOptions): WebhookDeliverer {
    const d = new WebhookDeliverer(opts);
    d.nudge();
    return d;
  }

  private get leaseMs() {
    return this.opts.leaseMs ?? this.opts.timeoutMs * 4 + 30_000;
  }

  /** Look for due work now (new events, a resend). */
  nudge(): void {
    if (this.stopped) return;
    if (this.pumping) this.again = true;
    else void this.pump();
  }

  private async pump(): Promise<void> {
    this.pumping = true;
    try {
      do {
        this.again = false;
        await this.fill();
      } while (this.again && !this.stopped);
    } catch (err) {
      log.warn("webhook deliverer could not claim work", { err });
    } finally {
      this.pumping = false;
      this.schedule();
    }
  }

  /** Claims while there is room, starting a request for each free slot. */
  private async fill(): Promise<void> {
    const max = this.opts.concurrency;
    while (!this.stopped) {
      this.startQueued();
      // Claim in chunks, not per finished request: a claim costs a round trip (and, on PGlite, the thread).
      if (this.queue.length >= max / 2) return;
      const token = `${this.id}/${++this.seq}`;
      const claimed = await claimDeliveries(this.opts.db, { token, max: max * 2 - this.queue.length, now: new Date(), leaseMs: this.leaseMs });
      for (const d of claimed) this.queue.push({ d, token });
      this.startQueued();
      if (claimed.length === 0) return;
    }
  }

  private startQueued(): void {
    while (!this.stopped && this.inFlight.size < this.opts.concurrency && this.queue.length) {
      const job = this.queue.shift()!;
      const p: Promise<void> = this.deliver(job.d, job.token).finally(() => {
        this.inFlight.delete(p);
        this.nudge();
      });
      this.inFlight.add(p);
    }
  }

  private async deliver(d: TClaimedDelivery, token: string): Promise<void> {
    const at = new Date();
    const { policy, timeoutMs, maxBytes, resolve, disableAfter, random } = this.opts;
    const result = await sendDelivery(d, { policy, timeoutMs, maxBytes, resolve, signal: this.abort.signal }, at);
    if (result.cancelled) return; // stopping: the lease is released and the attempt made again elsewhere
    // The slot frees once the answer is in (the lease keeps the row ours until it is recorded), so slow
    // commits do not throttle sending; past a backlog of 4 x concurrency, senders wait for the writer.
    const recorded = new Promise<void>((done) => this.finished.push({ item: { d, token, result, at }, done }));
    if (!this.flushing) this.flushed = this.flush(disableAfter, random);
    if (this.finished.length > this.opts.concurrency * 4) await recorded;
  }

  /** Writes finished attempts in batches: whatever finished while the previous batch was written. */
  private async flush(disableAfter: number, random?: () => number): Promise<void> {
    if (this.flushing) return;
    this.flushing = true;
    try {
      while (this.finished.length) {
        const batch = this.finished.splice(0, 256);
        try {
          const retries = await recordBatch(this.opts.db, batch.map((b) => b.item), { backoff: this.backoff, disableAfter, random });
          for (const at of retries.values()) if (at !== null) this.soonest = Math.min(this.soonest, at);
        } catch (err) {
          log.warn("webhook attempts could not be recorded; they are sent again when their leases expire", { count: batch.length, err });
        }
        batch.forEach((b) => b.done());
        if (!this.pumping) this.schedule(); // wake for the soonest retry just written
      }
    } finally {
      this.flushing = false;
    }
  }

  /** Sleeps until the poll interval or the soonest retry, whichever comes first. */
  private schedule(): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    const pollMs = this.opts.pollMs ?? 1000;
    const wait = Math.max(10, Math.min(pollMs, this.soonest - Date.now()));
    this.timer = setTimeout(() => {
      this.timer = null;
      if (this.soonest <= Date.now()) this.soonest = Infinity;
      void this.refreshGauge();
      this.nudge();
    }, wait);
    this.timer.unref?.();
  }

  private async refreshGauge(): Promise<void> {
    if (Date.now() - this.lastGauge < 5000) return;
    this.lastGauge = Date.now();
    const pending = await this.opts.db.webhookDelivery.count({ where: { state: "pending" } }).catch(() => null);
    if (pending !== null) webhookMetrics().outbox.set(pending);
  }

  /** Whether nothing is queued or in flight (tests and the bench wait on it). */
  get idle(): boolean {
    return !this.pumping && !this.flushing && this.queue.length === 0 && this.inFlight.size === 0 && this.finished.length === 0;
  }

  /** Stops claiming, cancels requests in flight and gives back unused leases. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.unsubscribe();
    if (this.timer) clearTimeout(this.timer);
    this.abort.abort();
    await Promise.allSettled([...this.inFlight]);
    await this.flushed; // answers already in are recorded, not thrown away
    this.queue.length = 0;
    await releaseLeases(this.opts.db, this.id).catch(() => undefined);
  }
}
