import { mkdirSync, readdirSync, readFileSync } from "node:fs";
import { open, unlink, type FileHandle } from "node:fs/promises";
import path from "node:path";
import { crc32 } from "node:zlib";

// Write-ahead log for acknowledged telemetry. Records are [u32 length][u32 crc32][payload]; a torn
// record at the end (crash mid-write, never acknowledged) is ignored on replay. Appends are group
// committed: one write and one fdatasync serve every request waiting at that moment.

type TPending = { buf: Buffer; onDurable: (segment: number) => void; resolve: () => void; reject: (e: Error) => void };
const NAME = /^wal-(\d{12})\.log$/;
const segName = (n: number) => `wal-${String(n).padStart(12, "0")}.log`;

export class WriteAheadLog {
  private pending: TPending[] = [];
  private flushing: Promise<void> | null = null;
  bytesWritten = 0;

  private constructor(
    readonly dir: string,
    private readonly fsync: boolean,
    private fh: FileHandle,
    public current: number,
  ) {}

  static async open(dir: string, opts: { fsync: boolean }): Promise<WriteAheadLog> {
    mkdirSync(dir, { recursive: true });
    const existing = WriteAheadLog.list(dir);
    const next = (existing[existing.length - 1] ?? 0) + 1;
    return new WriteAheadLog(dir, opts.fsync, await open(path.join(dir, segName(next)), "a"), next);
  }

  static list(dir: string): number[] {
    return readdirSync(dir)
      .map((f) => NAME.exec(f)?.[1])
      .filter((n): n is string => !!n)
      .map(Number)
      .sort((a, b) => a - b);
  }

  /**
   * Resolves once the record is on disk (fdatasync'd when fsync is on). `onDurable` runs synchronously
   * at that moment, before any rotation can happen, so a rotation sees every record of the closed
   * segment already applied.
   */
  append(payload: Buffer, onDurable: (segment: number) => void = () => undefined): Promise<void> {
    const head = Buffer.allocUnsafe(8);
    head.writeUInt32LE(payload.length, 0);
    head.writeUInt32LE(crc32(payload), 4);
    return new Promise((resolve, reject) => {
      this.pending.push({ buf: Buffer.concat([head, payload]), onDurable, resolve, reject });
      this.flushing ??= this.flush();
    });
  }

  private async flush(): Promise<void> {
    await new Promise((r) => setImmediate(r)); // let concurrent requests join this commit
    while (this.pending.length) {
      const batch = this.pending;
      this.pending = [];
      try {
        const data = Buffer.concat(batch.map((p) => p.buf));
        const segment = this.current;
        let off = 0;
        while (off < data.length) off += (await this.fh.write(data, off)).bytesWritten;
        if (this.fsync) await this.fh.datasync();
        this.bytesWritten += data.length;
        for (const p of batch) {
          try {
            p.onDurable(segment);
            p.resolve();
          } catch (err) {
            p.reject(err as Error);
          }
        }
      } catch (err) {
        batch.forEach((p) => p.reject(err as Error));
      }
    }
    this.flushing = null;
  }

  /**
   * Starts a new segment and, in the same synchronous step, calls `take`: what `take` collects is
   * exactly what the closed segments hold. Returns the closed segment number and take's result.
   */
  async rotate<T>(take: () => T): Promise<{ closed: number; taken: T }> {
    const next = await open(path.join(this.dir, segName(this.current + 1)), "a");
    while (this.flushing) await this.flushing;
    const old = this.fh;
    const closed = this.current;
    this.fh = next;
    this.current = closed + 1;
    const taken = take();
    await old.close();
    return { closed, taken };
  }

  /** Removes these segments (never the one being written): their records are safely elsewhere. */
  async delete(segments: number[]): Promise<void> {
    for (const seg of segments) {
      if (seg !== this.current) await unlink(path.join(this.dir, segName(seg))).catch(() => undefined);
    }
  }

  /** Every intact record of segments < current, oldest first, with its segment number. */
  *replay(): Generator<{ segment: number; payload: Buffer }> {
    for (const seg of WriteAheadLog.list(this.dir)) {
      if (seg >= this.current) break;
      const data = readFileSync(path.join(this.dir, segName(seg)));
      let off = 0;
      while (off + 8 <= data.length) {
        const len = data.readUInt32LE(off);
        const sum = data.readUInt32LE(off + 4);
        if (off + 8 + len > data.length) break;
        const payload = data.subarray(off + 8, off + 8 + len);
        if (crc32(payload) !== sum) break;
        yield { segment: seg, payload };
        off += 8 + len;
      }
    }
  }

  async close(): Promise<void> {
    while (this.flushing) await this.flushing;
    await this.fh.close();
  }
}
