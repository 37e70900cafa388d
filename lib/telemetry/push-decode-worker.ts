import { parentPort } from "node:worker_threads";
import { decodePush, toWireError, type TDecodedPush } from "./push-decode";
import type { TSkew } from "./validate-batch";

// A push decode thread (push-decode-pool.ts): body bytes in; columns (their buffers transferred, not
// copied) or the 4xx that names the problem out.

type TRequest = { id: number; raw: Uint8Array; now: number; skew: TSkew };

parentPort!.on("message", ({ id, raw, now, skew }: TRequest) => {
  let ok: TDecodedPush;
  try {
    ok = decodePush(raw, now, skew);
  } catch (err) {
    parentPort!.postMessage({ id, error: toWireError(err) });
    return;
  }
  const transfer = ok.shards ? [ok.shards.idx.buffer, ok.shards.ts.buffer, ok.shards.values.buffer] as ArrayBuffer[] : [];
  parentPort!.postMessage({ id, ok }, transfer);
});
