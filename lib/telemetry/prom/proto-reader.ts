import { BadRequestError } from "@/lib/errors";
import { StringCache } from "./string-cache";

// A minimal protobuf wire-format reader over one buffer: every length is checked against what is
// left, so a hostile body fails fast with the byte offset instead of over-reading or allocating.

export const WIRE_VARINT = 0;
export const WIRE_FIXED64 = 1;
export const WIRE_LEN = 2;
export const WIRE_FIXED32 = 5;
const WIRE_NAMES = ["varint", "64-bit", "length-delimited", "group start", "group end", "32-bit", "6", "7"];

const STRINGS = new StringCache();

export const fieldOf = (key: number): number => key >>> 3;
export const wireOf = (key: number): number => key & 7;

export class ProtoReader {
  pos: number;

  constructor(
    readonly buf: Buffer,
    private readonly what: string,
    start = 0,
    private end = buf.length,
  ) {
    this.pos = start;
  }

  fail(problem: string, at = this.pos): BadRequestError {
    return new BadRequestError(`The body is not a valid ${this.what}: ${problem} (at byte ${at})`);
  }

  /** An unsigned varint as a Number (exact up to 2^53). */
  varint(): number {
    const first = this.pos < this.end ? this.buf[this.pos]! : 0x80;
    if (first < 0x80) {
      this.pos++;
      return first;
    }
    let value = 0;
    for (let i = 0, shift = 1; i < 10; i++, shift *= 128) {
      if (this.pos >= this.end) throw this.fail("a number is cut off");
      const b = this.buf[this.pos++]!;
      value += (b & 0x7f) * shift;
      if (b < 0x80) return value;
    }
    throw this.fail("a number is longer than 10 bytes", this.pos - 10);
  }

  /** A two's-complement int64 varint as a Number, read in 32-bit halves so negatives stay exact. */
  int64(): number {
    let lo = 0;
    let hi = 0;
    for (let i = 0; i < 10; i++) {
      if (this.pos >= this.end) throw this.fail("a number is cut off");
      const b = this.buf[this.pos++]!;
      if (i < 4) lo |= (b & 0x7f) << (7 * i);
      else if (i === 4) {
        lo |= (b & 0x0f) << 28;
        hi |= (b & 0x7f) >> 4;
      } else hi |= (b & 0x7f) << (7 * i - 32);
      if (b < 0x80) {
        lo >>>= 0;
        hi >>>= 0;
        return hi >= 0x80000000 ? -((~hi >>> 0) * 2 ** 32 + (~lo >>> 0) + 1) : hi * 2 ** 32 + lo;
      }
    }
    throw this.fail("a number is longer than 10 bytes", this.pos - 10);
  }

  double(): number {
    if (this.pos + 8 > this.end) throw this.fail("a 64-bit number is cut off");
    const v = this.buf.readDoubleLE(this.pos);
    this.pos += 8;
    return v;
  }

  /** Reads a field key (field number × 8 + wire type): split it with fieldOf() and wireOf(). */
  key(): number {
    const at = this.pos;
    const k = this.varint();
    const field = Math.floor(k / 8);
    const wire = k % 8;
    if (field === 0 || field > 0x1fffffff) throw this.fail(`field number ${field} is not allowed`, at);
    if (wire === 3 || wire === 4 || wire > 5) throw this.fail(`wire type ${WIRE_NAMES[wire]} is not supported`, at);
    return k;
  }

  /** Reads a length prefix; returns the end offset of the field's bytes. */
  lengthDelimited(): number {
    const at = this.pos;
    const len = this.varint();
    if (len > this.end - this.pos) throw this.fail(`a field claims ${len} bytes but only ${this.end - this.pos} remain`, at);
    return this.pos + len;
  }

  /** Enters the next length-delimited field as if its bytes were the whole buffer; pass the result to leave(). */
  enter(): number {
    const end = this.lengthDelimited();
    const outer = this.end;
    this.end = end;
    return outer;
  }

  leave(outer: number): void {
    this.pos = this.end;
    this.end = outer;
  }

  atEnd(): boolean {
    return this.pos >= this.end;
  }

  string(): string {
    const end = this.lengthDelimited();
    const s = STRINGS.decode(this.buf, this.pos, end);
    this.pos = end;
    return s;
  }

  expectWire(field: number, wire: number, expected: number, message: string): void {
    if (wire !== expected) {
      throw this.fail(`${message} field ${field} has wire type ${WIRE_NAMES[wire]}, expected ${WIRE_NAMES[expected]}`);
    }
  }

  skip(wire: number): void {
    if (wire === WIRE_VARINT) this.varint();
    else if (wire === WIRE_LEN) this.pos = this.lengthDelimited();
    else {
      const size = wire === WIRE_FIXED64 ? 8 : 4;
      if (this.pos + size > this.end) throw this.fail("a fixed-size field is cut off");
      this.pos += size;
    }
  }
}
