import { BadRequestError, PayloadTooLargeError } from "@/lib/errors";

// Snappy block format (google/snappy format_description.txt), decode only. Hand-written because
// snappyjs 0.7 loops forever on crafted literal lengths and never checks the declared length;
// here every read and write is bounds-checked and the work is linear in the output size.

function corrupt(what: string): BadRequestError {
  return new BadRequestError(`The body is not valid snappy (block format) data: ${what}`);
}

function readPreamble(src: Uint8Array): { length: number; pos: number } {
  let length = 0;
  for (let pos = 0, shift = 0; pos < 5; pos++, shift += 7) {
    if (pos >= src.length) throw corrupt("the length preamble is cut off");
    const b = src[pos]!;
    length += (b & 0x7f) * 2 ** shift;
    if (b < 0x80) {
      if (length > 0xffffffff) break;
      return { length, pos: pos + 1 };
    }
  }
  throw corrupt("the length preamble is longer than 32 bits");
}

function readLittleEndian(src: Uint8Array, pos: number, bytes: number): number {
  if (pos + bytes > src.length) throw corrupt("an element is cut off at the end of the data");
  const b0 = src[pos]!;
  if (bytes === 1) return b0;
  if (bytes === 2) return b0 | (src[pos + 1]! << 8);
  if (bytes === 3) return b0 | (src[pos + 1]! << 8) | (src[pos + 2]! << 16);
  return b0 + src[pos + 1]! * 0x100 + src[pos + 2]! * 0x10000 + src[pos + 3]! * 0x1000000;
}

/** Decompresses one snappy block, refusing one that declares more than `maxLength` bytes. */
export function decodeSnappyBlock(src: Uint8Array, maxLength: number): Buffer {
  const { length, pos: start } = readPreamble(src);
  if (length > maxLength) throw new PayloadTooLargeError(`The body decompresses to ${length} bytes; the limit is ${maxLength}`);
  const out = Buffer.allocUnsafe(length);
  let pos = start;
  let o = 0;
  while (pos < src.length) {
    const tag = src[pos++]!;
    const kind = tag & 3;
    let len: number;
    if (kind === 0) {
      len = tag >>> 2;
      if (len >= 60) {
        const extra = len - 59;
        len = readLittleEndian(src, pos, extra);
        pos += extra;
      }
      len += 1;
      if (pos + len > src.length) throw corrupt("a literal runs past the end of the data");
      if (o + len > length) throw corrupt(`the data is longer than its declared ${length} bytes`);
      if (len > 16) out.set(src.subarray(pos, pos + len), o);
      else for (let i = 0; i < len; i++) out[o + i] = src[pos + i]!; // short: a loop beats a subarray
      pos += len;
      o += len;
      continue;
    }
    let offset: number;
    if (kind === 1) {
      len = ((tag >>> 2) & 7) + 4;
      offset = ((tag >>> 5) << 8) + readLittleEndian(src, pos, 1);
      pos += 1;
    } else {
      const bytes = kind === 2 ? 2 : 4;
      len = (tag >>> 2) + 1;
      offset = readLittleEndian(src, pos, bytes);
      pos += bytes;
    }
    if (offset === 0 || offset > o) throw corrupt("a back-reference points outside the data decoded so far");
    if (o + len > length) throw corrupt(`the data is longer than its declared ${length} bytes`);
    if (offset >= len && len > 16) out.copyWithin(o, o - offset, o - offset + len);
    else for (let i = 0; i < len; i++) out[o + i] = out[o - offset + i]!;
    o += len;
  }
  if (o !== length) throw corrupt(`the data is cut off: ${o} of the declared ${length} bytes`);
  return out;
}
