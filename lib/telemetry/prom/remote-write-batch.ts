import { toColumns, type TDecodedPush } from "../push-decode";
import { encodeColumnsRecord } from "../wal-record";
import { skewProblem, type TSkew } from "../validate-batch";
import { decodeRemoteWrite } from "./remote-write";
import type { TPromMapper } from "./types";

// A remote_write body made ready for ingest: decoded, mapped, samples outside the accepted time window
// dropped, in the form a JSON push takes (push-decode.ts: columns cross a thread cheaply), with the
// write-ahead log's payload. That is most of a remote_write's CPU, so push-decode-pool.ts runs it on a
// decode thread, which keeps the mapper (and so the counters' previous points).

/** `wal`: the write-ahead log's record of the kept samples (wal-record.ts), in its own buffer. */
export type TRemoteWriteBatch = { batch: TDecodedPush; wal: Uint8Array; unmapped: number; outOfWindow: number; skipped: number };

/** Throws the 400 or 413 that names the problem (remote-write.ts). */
export function remoteWriteBatch(mapper: TPromMapper, body: Uint8Array, now: number, skew: TSkew): TRemoteWriteBatch {
  const decoded = decodeRemoteWrite(body);
  const mapped = mapper.map(decoded.series, now);
  const samples = mapped.samples.filter((s) => skewProblem(s.ts, now, skew) === undefined);
  const batch = toColumns(samples);
  return {
    batch,
    wal: encodeColumnsRecord(batch),
    unmapped: mapped.unmapped,
    outOfWindow: mapped.samples.length - samples.length,
    skipped: decoded.skipped,
  };
}
