// Label names and values repeat from one remote_write request to the next: a short string is looked
// up by its bytes in a fixed-size table (no allocation on a hit) instead of being decoded again.
const SLOTS = 16_384;
const MAX_BYTES = 32;

export class StringCache {
  private readonly bytes = new Uint8Array(SLOTS * MAX_BYTES);
  private readonly lengths = new Uint8Array(SLOTS);
  private readonly strings: string[] = new Array<string>(SLOTS).fill("");

  /** The UTF-8 string in buf[start, end). */
  decode(buf: Buffer, start: number, end: number): string {
    const len = end - start;
    if (len === 0 || len > MAX_BYTES) return buf.toString("utf8", start, end);
    let h = len;
    for (let i = start; i < end; i++) h = Math.imul(h ^ buf[i]!, 0x01000193);
    const slot = (h >>> 0) % SLOTS;
    const at = slot * MAX_BYTES;
    if (this.lengths[slot] === len) {
      let i = 0;
      while (i < len && this.bytes[at + i] === buf[start + i]) i++;
      if (i === len) return this.strings[slot]!;
    }
    const s = buf.toString("utf8", start, end);
    this.bytes.set(buf.subarray(start, end), at);
    this.lengths[slot] = len;
    this.strings[slot] = s;
    return s;
  }
}
