import { AppError, BusyError, RateLimitedError, UnsupportedMediaError } from "@/lib/errors";
import { declaredLength, readRawBody } from "@/lib/http/read-body";
import type { TRuntime } from "@/lib/runtime";
import type { TIngestTicket } from "../admission";
import { ingestSkew } from "../validate-batch";

function checkHeaders(req: Request): void {
  const encoding = (req.headers.get("content-encoding") ?? "snappy").toLowerCase();
  if (encoding !== "snappy") throw new UnsupportedMediaError(`Content-Encoding ${encoding} is not supported; remote_write bodies are snappy`);
  const type = req.headers.get("content-type") ?? "";
  if (/proto=io\.prometheus\.write\.v2/i.test(type)) {
    throw new UnsupportedMediaError("Remote write 2.0 is not supported; set protobuf_message: prometheus.WriteRequest (1.0) in remote_write");
  }
}

export type TRemoteWriteOutcome = { accepted: number; unmapped: number; outOfWindow: number; skipped: number };

/**
 * POST /api/v1/write: decode, map to samples, drop those outside the accepted time window and ingest
 * the rest. Series that map to nothing are counted, not refused: Prometheus forwards everything it has.
 */
export async function receiveRemoteWrite(rt: TRuntime, req: Request, now = Date.now()): Promise<TRemoteWriteOutcome> {
  const source = "remote_write";
  // Too many pushes in flight: 429 before the body is read (admission.ts). The ticket holds the bytes
  // read. A decompressed body lives only while one synchronous decode runs (one at a time per thread);
  // while a body waits for the decode thread, the thread's queue holds a copy of it too (as for a JSON
  // push), kept here so that a thread that dies loses nothing: up to twice the bytes counted.
  let ticket: TIngestTicket | undefined;
  try {
    const admitted = (ticket = rt.telemetry.admit(source, declaredLength(req)));
    checkHeaders(req);
    const body = await readRawBody(req, rt.env.SHARDWATCH_INGEST_MAX_BODY_BYTES, (n) => admitted.hold(n));
    // Decoded and mapped on a decode thread when there is one (push-decode-pool.ts).
    const decoded = await rt.telemetry.decoder.decodeRemoteWrite(body, now, ingestSkew(rt.env));
    const outcome = { accepted: 0, unmapped: decoded.unmapped, outOfWindow: decoded.outOfWindow, skipped: decoded.skipped };
    if (outcome.unmapped) rt.telemetry.noteRejected(source, "unmapped_series", outcome.unmapped);
    if (outcome.outOfWindow) rt.telemetry.noteRejected(source, "out_of_window", outcome.outOfWindow);
    if (outcome.skipped) rt.telemetry.noteRejected(source, "label_limits", outcome.skipped);
    const wal = Buffer.from(decoded.wal.buffer, decoded.wal.byteOffset, decoded.wal.byteLength);
    if (decoded.batch.count) outcome.accepted = (await rt.telemetry.ingest(decoded.batch, source, wal)).accepted;
    return outcome;
  } catch (err) {
    if (err instanceof AppError && err.status !== 429) rt.telemetry.noteRejected(source, err.code);
    // Prometheus drops a batch answered 429 (unless retry_on_http_429 is set) and retries one
    // answered 5xx: backpressure is a 503 here, so nothing is lost when the server is busy.
    if (err instanceof RateLimitedError) throw new BusyError(err.message, err.retryAfterSeconds);
    throw err;
  } finally {
    ticket?.release();
  }
}
