import { utf8Text, type TDecodedPush } from "./push-decode";
import type { TSample } from "./sample";

// The payload of a write-ahead log record (wal.ts), in one of two forms:
//  - JSON text: a JSON push's body as it came (`{"samples": [...]}`, already validated by a strict
//    schema), or an array of samples;
//  - binary columns (remote_write, whose samples the server made itself): a decoded push's shard
//    columns copied as they are, and its other samples as JSON. Serializing a thousand samples to JSON
//    cost about a quarter of a remote_write's decode; copying the columns costs next to nothing.
// The binary form starts with a byte no JSON text starts with, so the two never mix up on replay.
//
// Binary layout, little-endian: a 24-byte header (u8 MAGIC, u8 VERSION, 2 bytes zero, u32 count,
// u32 shard rows n, u32 label bytes, u32 other bytes, 4 bytes zero), then ts (n f64), values (5n f64),
// idx (3n i32), the labels as a JSON array of strings, and the other samples as a JSON array.

const MAGIC = 0x01;
const VERSION = 1;
const HEAD = 24;
/** Bytes of one shard row: its time (f64), five values (f64) and three label indexes (i32). */
const ROW = 8 + 40 + 12;

export function encodeColumnsRecord(d: TDecodedPush): Uint8Array<ArrayBuffer> {
  const enc = new TextEncoder();
  const n = d.shards?.ts.length ?? 0;
  const labels = enc.encode(JSON.stringify(d.shards?.labels ?? []));
  const others = enc.encode(JSON.stringify(d.others));
  const out = new Uint8Array(HEAD + n * ROW + labels.length + others.length);
  const view = new DataView(out.buffer);
  view.setUint8(0, MAGIC);
  view.setUint8(1, VERSION);
  view.setUint32(4, d.count, true);
  view.setUint32(8, n, true);
  view.setUint32(12, labels.length, true);
  view.setUint32(16, others.length, true);
  let off = HEAD;
  if (d.shards) {
    new Float64Array(out.buffer, off, n).set(d.shards.ts);
    off += n * 8;
    new Float64Array(out.buffer, off, n * 5).set(d.shards.values);
    off += n * 40;
    new Int32Array(out.buffer, off, n * 3).set(d.shards.idx);
    off += n * 12;
  }
  out.set(labels, off);
  out.set(others, off + labels.length);
  return out;
}

/** A record's samples, as the service applies them. Throws on a record it cannot read. */
export function decodeWalRecord(payload: Uint8Array): TSample[] | TDecodedPush {
  if (payload[0] !== MAGIC) {
    // As the push was decoded (push-decode.ts), a leading byte-order mark dropped.
    const parsed = JSON.parse(utf8Text(payload)) as TSample[] | { samples: TSample[] };
    return Array.isArray(parsed) ? parsed : parsed.samples;
  }
  if (payload.length < HEAD) throw new Error(`a binary WAL record of ${payload.length} bytes is shorter than its header`);
  const view = new DataView(payload.buffer, payload.byteOffset, payload.byteLength);
  if (view.getUint8(1) !== VERSION) throw new Error(`binary WAL record version ${view.getUint8(1)} is not known to this server`);
  const count = view.getUint32(4, true);
  const n = view.getUint32(8, true);
  const labelBytes = view.getUint32(12, true);
  const otherBytes = view.getUint32(16, true);
  if (HEAD + n * ROW + labelBytes + otherBytes !== payload.length) throw new Error("a binary WAL record's lengths do not add up");
  // Copies (slice), so the typed arrays are aligned whatever the record's offset in its segment.
  const at = (off: number, bytes: number) => payload.buffer.slice(payload.byteOffset + off, payload.byteOffset + off + bytes) as ArrayBuffer;
  const text = (off: number, bytes: number) => Buffer.from(payload.buffer, payload.byteOffset + off, bytes).toString("utf8");
  let off = HEAD;
  const ts = new Float64Array(at(off, n * 8));
  off += n * 8;
  const values = new Float64Array(at(off, n * 40));
  off += n * 40;
  const idx = new Int32Array(at(off, n * 12));
  off += n * 12;
  const labels = JSON.parse(text(off, labelBytes)) as string[];
  const others = JSON.parse(text(off + labelBytes, otherBytes)) as TSample[];
  // The checksum guards against the disk, not against the writer: a record that does not hold together
  // is refused here rather than applied with missing labels.
  if (count !== n + others.length) throw new Error(`a binary WAL record counts ${count} samples but holds ${n + others.length}`);
  for (let i = 0; i < idx.length; i++) {
    if (!(idx[i]! >= 0 && idx[i]! < labels.length)) throw new Error(`a binary WAL record refers to label ${idx[i]} of ${labels.length}`);
  }
  return n ? { count, shards: { labels, idx, ts, values }, others } : { count, others };
}

/** How many samples a decoded record holds. */
export const recordCount = (r: TSample[] | TDecodedPush): number => (Array.isArray(r) ? r.length : r.count);
