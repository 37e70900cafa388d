import { isUtf8 } from "node:buffer";
import { AppError, BadRequestError } from "@/lib/errors";
import type { TSample } from "./sample";
import { validateBatch, type TSkew } from "./validate-batch";

// A JSON push body (already decompressed) to validated samples, in a form that crosses a thread
// cheaply: plain shard samples (nearly all of them) as columns, the rest as objects. This is the part
// of a push that costs the most CPU, so push-decode-pool.ts runs it off the main thread.

/**
 * Shard samples without a key range: `labels` holds each distinct string once and `idx` three indexes
 * into it per sample (cluster, shard, node); `values` five numbers per sample in SHARD_METRICS order,
 * NaN where the metric was left out.
 */
export type TShardColumns = { labels: string[]; idx: Int32Array; ts: Float64Array; values: Float64Array };
export type TDecodedPush = { count: number; shards?: TShardColumns; others: TSample[] };

/** The body as text, refusing invalid UTF-8 (a SIMD check and one copy); a leading byte-order mark is dropped. */
export function utf8Text(raw: Uint8Array): string {
  if (!isUtf8(raw)) throw new BadRequestError("The body is not valid UTF-8");
  const bom = raw.length >= 3 && raw[0] === 0xef && raw[1] === 0xbb && raw[2] === 0xbf;
  return Buffer.from(raw.buffer, raw.byteOffset + (bom ? 3 : 0), raw.byteLength - (bom ? 3 : 0)).toString("utf8");
}

/** Parses and validates (all or nothing) a push body; throws the 400 or 422 that names the problem. */
export function decodePush(raw: Uint8Array, now: number, skew: TSkew): TDecodedPush {
  const text = utf8Text(raw);
  if (!text.trim()) throw new BadRequestError("A JSON body is required");
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (err) {
    throw new BadRequestError(`The body is not valid JSON: ${(err as Error).message}`);
  }
  return toColumns(validateBatch(body, now, skew));
}

/**
 * Splits validated samples into shard columns and the rest. A batch with a key range anywhere keeps
 * all its samples as objects, so samples of one shard are always applied in the order they came.
 */
export function toColumns(samples: TSample[]): TDecodedPush {
  let shards = 0;
  for (const s of samples) {
    if (s.type !== "shard") continue;
    if (s.keyRange) return { count: samples.length, others: samples };
    shards++;
  }
  if (!shards) return { count: samples.length, others: samples };
  const labels: string[] = [];
  const seen = new Map<string, number>();
  const id = (v: string) => {
    let i = seen.get(v);
    if (i === undefined) {
      seen.set(v, (i = labels.length));
      labels.push(v);
    }
    return i;
  };
  const idx = new Int32Array(shards * 3);
  const ts = new Float64Array(shards);
  const values = new Float64Array(shards * 5);
  const others: TSample[] = [];
  let n = 0;
  for (const s of samples) {
    if (s.type !== "shard") {
      others.push(s);
      continue;
    }
    idx[n * 3] = id(s.cluster);
    idx[n * 3 + 1] = id(s.shard);
    idx[n * 3 + 2] = id(s.node);
    ts[n] = s.ts;
    values[n * 5] = s.qps ?? NaN;
    values[n * 5 + 1] = s.p99Ms ?? NaN;
    values[n * 5 + 2] = s.cpu ?? NaN;
    values[n * 5 + 3] = s.iops ?? NaN;
    values[n * 5 + 4] = s.errorRate ?? NaN;
    n++;
  }
  return { count: samples.length, shards: { labels, idx, ts, values }, others };
}

/** An error as it crosses a thread: the class's kind, its message and any named issues. */
export type TWireError = { kind: string; message: string; issues?: AppError["issues"] };

export function toWireError(err: unknown): TWireError {
  if (err instanceof AppError) return { kind: err.name, message: err.message, issues: err.issues };
  return { kind: "Error", message: err instanceof Error ? err.message : String(err) };
}
