import { gunzip } from "node:zlib";
import { promisify } from "node:util";
import { AppError, BadRequestError, PayloadTooLargeError, UnsupportedMediaError } from "@/lib/errors";
import { declaredLength, readRawBody } from "@/lib/http/read-body";
import type { TRuntime } from "@/lib/runtime";
import type { TIngestTicket } from "./admission";
import { ingestSkew } from "./validate-batch";

const gunzipAsync = promisify(gunzip);

/**
 * The body bytes of a push, gzip or plain, never larger than `maxBytes` once decompressed. The ticket
 * holds the bytes read, and the decompressed ones.
 */
async function readTelemetryBody(req: Request, maxBytes: number, ticket: TIngestTicket): Promise<Buffer> {
  const encoding = (req.headers.get("content-encoding") ?? "identity").toLowerCase();
  if (!["identity", "gzip"].includes(encoding)) throw new UnsupportedMediaError(`Content-Encoding ${encoding} is not supported; use gzip or none`);
  const type = req.headers.get("content-type");
  if (type && !/^application\/json\b/i.test(type)) throw new UnsupportedMediaError(`Content-Type must be application/json (got ${type})`);
  let raw = await readRawBody(req, maxBytes, (n) => ticket.hold(n));
  if (encoding === "gzip") {
    try {
      raw = await gunzipAsync(raw, { maxOutputLength: maxBytes });
    } catch (err) {
      const e = err as NodeJS.ErrnoException;
      if (e.code === "ERR_BUFFER_TOO_LARGE") throw new PayloadTooLargeError(`The decompressed body exceeds the limit of ${maxBytes} bytes`);
      throw new BadRequestError(`The gzip body is corrupt or truncated (${e.code ?? e.message})`);
    }
    ticket.hold(raw.length);
  }
  return raw;
}

/**
 * POST /api/v1/telemetry: all or nothing; 202 once durable. Refusals are counted by reason. A push
 * that finds too many others in flight gets 429 before its body is read (admission.ts).
 */
export async function pushTelemetry(rt: TRuntime, req: Request): Promise<{ accepted: number }> {
  const ticket = rt.telemetry.admit("push", declaredLength(req));
  try {
    const raw = await readTelemetryBody(req, rt.env.SHARDWATCH_INGEST_MAX_BODY_BYTES, ticket);
    // UTF-8 check, JSON.parse and validation, on a decode thread when there is one (push-decode-pool.ts).
    const decoded = await rt.telemetry.decoder.decode(raw, Date.now(), ingestSkew(rt.env));
    // The validated body (a strict schema: nothing was dropped) goes to the WAL as is, unserialized.
    return await rt.telemetry.ingest(decoded, "push", raw);
  } catch (err) {
    if (err instanceof AppError && err.status !== 429) rt.telemetry.noteRejected("push", err.code);
    throw err;
  } finally {
    ticket.release();
  }
}
