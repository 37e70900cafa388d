import { randomBytes } from "node:crypto";
import { RateLimitedError, UnavailableError } from "@/lib/errors";
import { log } from "@/lib/log";
import type { TSample } from "@/lib/telemetry/sample";
import { SimControlPlane } from "./control-plane";
import { SimModel } from "./model";
import { frameToSamples } from "./samples";
import type { TScenario, TSimEvent } from "./scenario";
import { findScenario } from "./scenarios";

// Runs a scenario live: every interval the model steps and its telemetry goes through the same
// ingest path a real client uses. At speed N the scenario runs N× faster; samples keep wall time.

export type TSimSettings = { running: boolean; scenario: string; speed: number; lastEmittedAt: number | null };
export type TRunnerDeps = {
  scenarios: TScenario[];
  ingest: (samples: TSample[]) => Promise<unknown>;
  save: (settings: TSimSettings) => Promise<void>;
  intervalMs: number;
  backfillMs: number;
  now?: () => number;
};

const MAX_CARRIED = 12;

export class SimRunner {
  readonly controlPlane: SimControlPlane;
  private model: SimModel | null = null;
  private settings: TSimSettings;
  private timer: NodeJS.Timeout | null = null;
  private wallAnchor = 0;
  private simAnchor = 0;
  private ticking: Promise<void> = Promise.resolve();
  steps = 0;
  samplesSent = 0;
  lastError: string | null = null;
  lastStepAt: number | null = null;
  /** Live steps ingest refused as busy (429), oldest first: sent again with the next step, at most a minute of them. */
  private refused: TSample[][] = [];

  constructor(
    private readonly deps: TRunnerDeps,
    initial: TSimSettings,
  ) {
    this.settings = { ...initial };
    this.controlPlane = new SimControlPlane(() => {
      if (!this.model) throw new UnavailableError("The simulator is stopped; start it under Settings → Simulator");
      return this.model;
    });
  }

  private now(): number {
    return (this.deps.now ?? Date.now)();
  }

  get scenarios(): TScenario[] {
    return this.deps.scenarios;
  }

  /** Changes what the next start runs, while stopped. */
  async configure(opts: { scenario?: string; speed?: number }): Promise<void> {
    const scenario = opts.scenario ? findScenario(this.deps.scenarios, opts.scenario).name : this.settings.scenario;
    if (scenario !== this.model?.scenario.name) this.model = null;
    this.settings = { ...this.settings, scenario, speed: opts.speed ?? this.settings.speed };
    await this.deps.save(this.settings);
  }

  get current(): SimModel | null {
    return this.model;
  }

  get state(): Readonly<TSimSettings> {
    return this.settings;
  }

  /** The simulated time that corresponds to a wall-clock moment. */
  simTimeAt(wallMs: number): number {
    return this.simAnchor + (wallMs - this.wallAnchor) * this.settings.speed;
  }

  /** The wall-clock moment a simulated time corresponds to (for showing event times). */
  wallTimeAt(simMs: number): number {
    return this.wallAnchor + (simMs - this.simAnchor) / this.settings.speed;
  }

  /** Starts (or restarts with another scenario or speed); fills the gap since the last emission first. */
  async start(opts: { scenario?: string; speed?: number } = {}): Promise<void> {
    const scenario = findScenario(this.deps.scenarios, opts.scenario ?? this.settings.scenario);
    const speed = opts.speed ?? this.settings.speed;
    const changed = !this.model || scenario.name !== this.model.scenario.name;
    this.halt();
    const now = this.now();
    const interval = this.deps.intervalMs;
    const aligned = now - (now % interval);
    if (changed) {
      const from = Math.max(aligned - this.deps.backfillMs, this.settings.lastEmittedAt ?? -Infinity);
      const start = from + interval - (from % interval || interval);
      this.model = new SimModel(scenario, { startMs: start, stepSeconds: interval / 1000, idPrefix: randomBytes(3).toString("hex") });
      await this.backfill(start, aligned);
    }
    if (!this.model) throw new UnavailableError("The simulator has no model");
    // Simulated time continues from where it stopped, at the new speed.
    this.simAnchor = this.model.simMs;
    this.wallAnchor = now;
    this.settings = { ...this.settings, running: true, scenario: scenario.name, speed };
    await this.deps.save(this.settings);
    this.schedule();
  }

  /** Past steps at speed 1, sent in batches, so charts have history right away. */
  private async backfill(fromMs: number, toMs: number): Promise<void> {
    const batch: TSample[] = [];
    for (let t = fromMs; t < toMs; t += this.deps.intervalMs) {
      batch.push(...frameToSamples(this.model!.step(t), t));
      this.steps++;
      if (batch.length >= 20_000) await this.sendPatiently(batch.splice(0), t);
    }
    if (batch.length) await this.sendPatiently(batch, toMs - this.deps.intervalMs);
  }

  /**
   * The backfill pushes history faster than rollups reach the database (30 minutes of 1,000 shards is
   * ~2 M samples): when ingest answers "busy", wait and send the same batch again, as a client would on
   * a 429, instead of giving up on starting. Bounded: five minutes of refusals for one batch (10,000
   * shards on the embedded database drain that slowly) is a real failure.
   */
  private async sendPatiently(samples: TSample[], at: number): Promise<void> {
    const deadline = Date.now() + 5 * 60_000;
    for (;;) {
      try {
        return await this.send(samples, at);
      } catch (err) {
        if (!(err instanceof RateLimitedError) || Date.now() > deadline) throw err;
        await new Promise((r) => setTimeout(r, Math.min(5000, Math.max(250, err.retryAfterSeconds * 1000))));
      }
    }
  }

  private async send(samples: TSample[], at: number): Promise<void> {
    await this.deps.ingest(samples);
    this.samplesSent += samples.length;
    this.settings.lastEmittedAt = at;
  }

  async stop(): Promise<void> {
    this.halt();
    await this.ticking;
    this.settings = { ...this.settings, running: false };
    await this.deps.save(this.settings);
  }

  /** Server shutdown: stops ticking but remembers that it was running. */
  async shutdown(): Promise<void> {
    this.halt();
    await this.ticking;
    await this.deps.save(this.settings);
  }

  private halt(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private schedule(): void {
    const interval = this.deps.intervalMs;
    const wait = interval - (this.now() % interval);
    this.timer = setTimeout(() => {
      this.ticking = this.tick().finally(() => this.timer && this.schedule());
    }, wait);
    this.timer.unref();
  }

  /**
   * One live step, stamped with the wall-clock interval boundary. A step refused because ingest is busy
   * (a backfill filling the rollup backlog) is not dropped: it goes again with the next step, as a client
   * retries a 429, so the demo cluster has no gaps. At most MAX_CARRIED steps wait; older ones are let go.
   */
  async tick(): Promise<void> {
    const model = this.model;
    if (!model) return;
    const now = this.now();
    const ts = now - (now % this.deps.intervalMs);
    let step: TSample[] | undefined;
    try {
      const frame = model.step(Math.max(model.simMs + 1, this.simTimeAt(ts)));
      this.steps++;
      step = frameToSamples(frame, ts);
      await this.send(this.refused.length ? [...this.refused.flat(), ...step] : step, ts);
      this.refused = [];
      this.lastStepAt = ts;
      this.lastError = null;
      if (this.steps % 12 === 0) await this.deps.save(this.settings);
    } catch (err) {
      this.lastError = (err as Error).message;
      if (step && err instanceof RateLimitedError) {
        if (!this.refused.length) log.warn("simulator step refused, ingest is busy; it goes again with the next step", { reason: this.lastError });
        this.refused.push(step);
        if (this.refused.length > MAX_CARRIED) this.refused.shift();
        return;
      }
      log.warn("simulator step failed", { err });
    }
  }

  /** Starts an event now, outside the script. */
  trigger(event: TSimEvent): { id: string; startMs: number } {
    if (!this.model) throw new UnavailableError("The simulator is stopped; start it before triggering events");
    const e = this.model.trigger(event, this.model.simMs);
    return { id: e.id, startMs: e.startMs };
  }
}
