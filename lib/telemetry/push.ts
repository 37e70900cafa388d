import { isUtf8 } from "node:buffer";
import { gunzip } from "node:zlib";
import { promisify } from "node:util";
import { AppError, BadRequestError, PayloadTooLargeError, UnsupportedMediaError } from "@/lib/errors";
import { readRawBody } from "@/lib/http/read-body";
import type { TRuntime } from "@/lib/runtime";
import { validateBatch } from "./validate-batch";

const gunzipAsync = promisify(gunzip);

/**
 * The body as text, refusing invalid UTF-8: a SIMD check and one copy, about a fifth less time than
 * a fatal TextDecoder on a 150 KB batch. A leading byte-order mark is dropped, as TextDecoder does.
 */
function utf8Text(raw: Buffer): string {
  if (!isUtf8(raw)) throw new BadRequestError("The body is not valid UTF-8");
  const bom = raw.length >= 3 && raw[0] === 0xef && raw[1] === 0xbb && raw[2] === 0xbf;
  return (bom ? raw.subarray(3) : raw).toString("utf8");
}

/** The JSON body of a push, gzip or plain, never larger than `maxBytes` once decompressed. */
async function readTelemetryBody(req: Request, maxBytes: number): Promise<{ body: unknown; raw: Buffer }> {
  const encoding = (req.headers.get("content-encoding") ?? "identity").toLowerCase();
  if (!["identity", "gzip"].includes(encoding)) throw new UnsupportedMediaError(`Content-Encoding ${encoding} is not supported; use gzip or none`);
  const type = req.headers.get("content-type");
  if (type && !/^application\/json\b/i.test(type)) throw new UnsupportedMediaError(`Content-Type must be application/json (got ${type})`);
  let raw = await readRawBody(req, maxBytes);
  if (encoding === "gzip") {
    try {
      raw = await gunzipAsync(raw, { maxOutputLength: maxBytes });
    } catch (err) {
      const e = err as NodeJS.ErrnoException;
      if (e.code === "ERR_BUFFER_TOO_LARGE") throw new PayloadTooLargeError(`The decompressed body exceeds the limit of ${maxBytes} bytes`);
      throw new BadRequestError(`The gzip body is corrupt or truncated (${e.code ?? e.message})`);
    }
  }
  const text = utf8Text(raw);
  if (!text.trim()) throw new BadRequestError("A JSON body is required");
  try {
    return { body: JSON.parse(text) as unknown, raw };
  } catch (err) {
    throw new BadRequestError(`The body is not valid JSON: ${(err as Error).message}`);
  }
}

/** POST /api/v1/telemetry: all or nothing; 202 once durable. Refusals are counted by reason. */
export async function pushTelemetry(rt: TRuntime, req: Request): Promise<{ accepted: number }> {
  try {
    const { body, raw } = await readTelemetryBody(req, rt.env.SHARDWATCH_INGEST_MAX_BODY_BYTES).catch((err: unknown) => {
      if (err instanceof TypeError) throw new BadRequestError("The body is not valid UTF-8");
      throw err;
    });
    const samples = validateBatch(body, Date.now(), {
      maxPastMs: rt.env.SHARDWATCH_INGEST_MAX_PAST_SECONDS * 1000,
      maxFutureMs: rt.env.SHARDWATCH_INGEST_MAX_FUTURE_SECONDS * 1000,
    });
    // The validated body (a strict schema: nothing was dropped) goes to the WAL as is, unserialized.
    return await rt.telemetry.ingest(samples, "push", raw);
  } catch (err) {
    if (err instanceof AppError && err.status !== 429) rt.telemetry.noteRejected("push", err.code);
    throw err;
  }
}
