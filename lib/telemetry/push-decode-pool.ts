import { Worker } from "node:worker_threads";
import { BadRequestError, PayloadTooLargeError, UnsupportedMediaError, ValidationError } from "@/lib/errors";
import { log } from "@/lib/log";
import { createPromMapper, DEFAULT_PROM_MAPPING, type TPromMappingConfig } from "./prom/mapping";
import { remoteWriteBatch, type TRemoteWriteBatch } from "./prom/remote-write-batch";
import type { TPromMapper } from "./prom/types";
import { decodePush, type TDecodedPush, type TWireError } from "./push-decode";
import type { TSkew } from "./validate-batch";

// Decodes push bodies (UTF-8 check, JSON.parse, validation) on worker threads: on a 1,000-sample batch
// that is about a millisecond the main thread, which also applies samples, serves the UI and runs the
// embedded database, no longer spends (bench/ingest.ts measures the difference).
// A worker that fails to start or dies is replaced by decoding in-process, never by losing a request.
// remote_write bodies are decoded and mapped on the first thread only: counters become rates against
// the previous point of their series, which that thread's mapper keeps.

type TKind = "push" | "remote_write";
type TAnswer = TDecodedPush | TRemoteWriteBatch;
type TJob = { resolve: (d: TAnswer) => void; reject: (e: Error) => void };
type TReply = { id: number; ok?: TAnswer; error?: TWireError };

const ERRORS: Record<string, new (message: string, issues?: TWireError["issues"]) => Error> = {
  ValidationError,
  BadRequestError,
  PayloadTooLargeError,
  UnsupportedMediaError,
};

function fromWire(e: TWireError): Error {
  const Cls = ERRORS[e.kind];
  return Cls ? new Cls(e.message, e.issues) : new Error(e.message);
}

class DecodeThread {
  private jobs = new Map<number, TJob>();
  private nextId = 0;
  dead = false;

  constructor(
    private readonly worker: Worker,
    onDeath: () => void,
  ) {
    worker.unref();
    worker.on("message", (m: TReply) => {
      const job = this.jobs.get(m.id);
      if (!job) return;
      this.jobs.delete(m.id);
      if (m.ok) job.resolve(m.ok);
      else job.reject(fromWire(m.error!));
    });
    const fail = (err: Error) => {
      if (!this.dead) onDeath();
      this.dead = true;
      for (const job of this.jobs.values()) job.reject(err);
      this.jobs.clear();
    };
    worker.on("error", (err) => {
      log.warn("a push decode thread failed; decoding in-process from now on", { err });
      fail(err);
    });
    worker.on("exit", (code) => fail(new Error(`push decode thread exited (code ${code})`)));
  }

  get load(): number {
    return this.jobs.size;
  }

  decode<T extends TAnswer>(kind: TKind, raw: Uint8Array, now: number, skew: TSkew): Promise<T> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.jobs.set(id, { resolve: resolve as (d: TAnswer) => void, reject });
      this.worker.postMessage({ id, kind, raw, now, skew });
    });
  }

  stop(): Promise<number> {
    this.dead = true; // not a death: stopping is not reported
    return this.worker.terminate();
  }
}

function spawn(promMapping: TPromMappingConfig): Worker {
  const options = { name: "shardwatch-push-decode", workerData: { promMapping } };
  // Outside Next.js (vitest, tsx scripts) the thread's entry is a .ts file: it loads through tsx (a dev
  // dependency, like the tests). In the Next.js server, Turbopack compiles the thread's entry from the
  // literal `new Worker(new URL(...))` below; any other form gets a copy of the .ts source instead
  // (and import.meta.url there still names the source file, so it cannot tell the two apart).
  if (!process.env.NEXT_RUNTIME) {
    const src = new URL("./push-decode-worker.ts", import.meta.url).href;
    return new Worker(`import("tsx/esm/api").then(({ tsImport }) => tsImport(${JSON.stringify(src)}, ${JSON.stringify(src)}))`, { ...options, eval: true });
  }
  return new Worker(new URL("./push-decode-worker.ts", import.meta.url), options);
}

export class PushDecoder {
  private threads: DecodeThread[] = [];
  /** Maps remote_write bodies decoded on this thread (no live first thread); made on first use. */
  private mapper: TPromMapper | undefined;

  /**
   * `threads` 0 decodes on the calling thread; `onCount` hears how many threads are live, now and
   * whenever one dies. `promMapping` maps remote_write series to samples.
   */
  constructor(
    threads: number,
    create: (promMapping: TPromMappingConfig) => Worker = spawn,
    onCount: (live: number) => void = () => undefined,
    private readonly promMapping: TPromMappingConfig = DEFAULT_PROM_MAPPING,
  ) {
    const report = () => onCount(this.threadCount);
    for (let i = 0; i < threads; i++) {
      try {
        this.threads.push(new DecodeThread(create(promMapping), () => queueMicrotask(report)));
      } catch (err) {
        log.warn("could not start a push decode thread; decoding in-process", { err });
        break;
      }
    }
    report();
  }

  get threadCount(): number {
    return this.threads.filter((t) => !t.dead).length;
  }

  /** The least busy live thread decodes; with none left, this thread does. A dead thread's jobs are decoded here. */
  async decode(raw: Uint8Array, now: number, skew: TSkew): Promise<TDecodedPush> {
    let best: DecodeThread | undefined;
    for (const t of this.threads) if (!t.dead && (!best || t.load < best.load)) best = t;
    if (!best) return decodePush(raw, now, skew);
    try {
      return await best.decode<TDecodedPush>("push", raw, now, skew);
    } catch (err) {
      if (!best.dead) throw err;
      return decodePush(raw, now, skew);
    }
  }

  /**
   * A remote_write body decoded, mapped and made ready for ingest (remote-write-batch.ts), on the first
   * thread while it lives. Should it die, this thread maps with a mapper of its own from then on (the
   * first point of each counter after that is unknown, as after a restart).
   */
  async decodeRemoteWrite(raw: Uint8Array, now: number, skew: TSkew): Promise<TRemoteWriteBatch> {
    const first = this.threads[0];
    const here = () => remoteWriteBatch((this.mapper ??= createPromMapper(this.promMapping)), raw, now, skew);
    if (!first || first.dead) return here();
    try {
      return await first.decode<TRemoteWriteBatch>("remote_write", raw, now, skew);
    } catch (err) {
      if (!first.dead) throw err;
      return here();
    }
  }

  async stop(): Promise<void> {
    await Promise.all(this.threads.map((t) => t.stop()));
    this.threads = [];
  }
}
