import { parentPort, workerData } from "node:worker_threads";
import { createPromMapper } from "./prom/mapping";
import type { TPromMappingConfig } from "./prom/mapping-config";
import { remoteWriteBatch } from "./prom/remote-write-batch";
import type { TPromMapper } from "./prom/types";
import { decodePush, toWireError, type TDecodedPush } from "./push-decode";
import type { TSkew } from "./validate-batch";

// A push decode thread (push-decode-pool.ts): body bytes in; columns (their buffers transferred, not
// copied) or the 4xx that names the problem out. A JSON push, or a remote_write body, which this
// thread also maps to samples: it keeps its own mapper, with the Prometheus mapping it was started with.

type TRequest = { id: number; kind: "push" | "remote_write"; raw: Uint8Array; now: number; skew: TSkew };

let mapper: TPromMapper | undefined;

const columnBuffers = (d: TDecodedPush): ArrayBuffer[] => (d.shards ? [d.shards.idx.buffer, d.shards.ts.buffer, d.shards.values.buffer] : []) as ArrayBuffer[];

parentPort!.on("message", ({ id, kind, raw, now, skew }: TRequest) => {
  try {
    if (kind === "remote_write") {
      mapper ??= createPromMapper((workerData as { promMapping: TPromMappingConfig }).promMapping);
      const ok = remoteWriteBatch(mapper, raw, now, skew);
      parentPort!.postMessage({ id, ok }, [...columnBuffers(ok.batch), ok.wal.buffer as ArrayBuffer]);
    } else {
      const ok = decodePush(raw, now, skew);
      parentPort!.postMessage({ id, ok }, columnBuffers(ok));
    }
  } catch (err) {
    parentPort!.postMessage({ id, error: toWireError(err) });
  }
});
