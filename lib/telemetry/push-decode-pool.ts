import { Worker } from "node:worker_threads";
import { BadRequestError, PayloadTooLargeError, UnsupportedMediaError, ValidationError } from "@/lib/errors";
import { log } from "@/lib/log";
import { decodePush, type TDecodedPush, type TWireError } from "./push-decode";
import type { TSkew } from "./validate-batch";

// Decodes push bodies (UTF-8 check, JSON.parse, validation) on worker threads: on a 1,000-sample batch
// that is about a millisecond the main thread, which also applies samples, serves the UI and runs the
// embedded database, no longer spends (bench/ingest.ts measures the difference).
// A worker that fails to start or dies is replaced by decoding in-process, never by losing a request.

type TJob = { resolve: (d: TDecodedPush) => void; reject: (e: Error) => void };
type TReply = { id: number; ok?: TDecodedPush; error?: TWireError };

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

  decode(raw: Uint8Array, now: number, skew: TSkew): Promise<TDecodedPush> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.jobs.set(id, { resolve, reject });
      this.worker.postMessage({ id, raw, now, skew });
    });
  }

  stop(): Promise<number> {
    this.dead = true; // not a death: stopping is not reported
    return this.worker.terminate();
  }
}

function spawn(): Worker {
  const options = { name: "shardwatch-push-decode" };
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

  /** `threads` 0 decodes on the calling thread; `onCount` hears how many threads are live, now and whenever one dies. */
  constructor(threads: number, create: () => Worker = spawn, onCount: (live: number) => void = () => undefined) {
    const report = () => onCount(this.threadCount);
    for (let i = 0; i < threads; i++) {
      try {
        this.threads.push(new DecodeThread(create(), () => queueMicrotask(report)));
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
      return await best.decode(raw, now, skew);
    } catch (err) {
      if (!best.dead) throw err;
      return decodePush(raw, now, skew);
    }
  }

  async stop(): Promise<void> {
    await Promise.all(this.threads.map((t) => t.stop()));
    this.threads = [];
  }
}
