import { existsSync, readFileSync, unlinkSync } from "node:fs";
import { open, rename } from "node:fs/promises";
import path from "node:path";
import { crc32 } from "node:zlib";

// A rollup flush is applied to the database in many short transactions, so that no query waits
// behind one long one (on PGlite every query shares one connection). Its rows are first written here,
// durably; each chunk's transaction records its number in wal_checkpoints. After a crash or a failed
// chunk the flush resumes from this file at the next chunk, so every row is merged exactly once.
//
// File: "SWFJ" | u32 header length | header JSON | 8 Float64 columns of 10 s rows | 8 of 1 min rows | u32 crc32.

type F = Float64Array;
/** series_id, bucket, count, min, max, sum, last, last_ts (the rollup tables' order), all the same length. */
export type TColumns = [F, F, F, F, F, F, F, F];
export const makeColumns = (col: (i: number) => F): TColumns => [col(0), col(1), col(2), col(3), col(4), col(5), col(6), col(7)];

export type TFlushPlan = {
  id: number;
  /** The WAL checkpoint this flush establishes once every chunk is in. */
  segment: number;
  watermark: number;
  chunkRows: number;
  tens: TColumns;
  minutes: TColumns;
  /** First and last 10 s bucket in the plan (what readers must re-read). */
  first: number;
  last: number;
  /** Next chunk to apply: tens first, then minutes. */
  next: number;
};

const MAGIC = Buffer.from("SWFJ");
const FILE = "rollup-flush.journal";

export const journalPath = (dir: string) => path.join(dir, FILE);

export function chunkCount(plan: TFlushPlan): { tens: number; minutes: number } {
  return { tens: Math.ceil(plan.tens[0].length / plan.chunkRows), minutes: Math.ceil(plan.minutes[0].length / plan.chunkRows) };
}

/** Writes the plan to `dir`: to a temporary file, fdatasync'd, then renamed into place. */
export async function writeJournal(dir: string, plan: TFlushPlan): Promise<void> {
  const head = Buffer.from(
    JSON.stringify({ id: plan.id, segment: plan.segment, watermark: plan.watermark, chunkRows: plan.chunkRows, first: plan.first, last: plan.last, tens: plan.tens[0].length, minutes: plan.minutes[0].length }),
  );
  const len = Buffer.alloc(4);
  len.writeUInt32LE(head.length);
  const pad = Buffer.alloc((8 - ((8 + head.length) % 8)) % 8);
  const parts = [MAGIC, len, head, pad, ...[...plan.tens, ...plan.minutes].map((c) => Buffer.from(c.buffer, c.byteOffset, c.byteLength))];
  let sum = 0;
  for (const p of parts) sum = crc32(p, sum);
  const tail = Buffer.alloc(4);
  tail.writeUInt32LE(sum);
  parts.push(tail);
  const tmp = `${journalPath(dir)}.tmp`;
  const fh = await open(tmp, "w");
  try {
    await fh.writev(parts);
    await fh.datasync();
  } finally {
    await fh.close();
  }
  await rename(tmp, journalPath(dir));
  const d = await open(dir, "r");
  await d.sync().finally(() => d.close());
}

/** The pending flush in `dir`, or null. A journal is complete once renamed, so a bad checksum is an error, never skipped. */
export function readJournal(dir: string): Omit<TFlushPlan, "next"> | null {
  const file = journalPath(dir);
  if (!existsSync(file)) return null;
  const data = readFileSync(file);
  const body = data.subarray(0, data.length - 4);
  if (data.length < 12 || !data.subarray(0, 4).equals(MAGIC) || crc32(body) !== data.readUInt32LE(data.length - 4)) {
    throw new Error(`${file} is damaged (bad magic or checksum); move it aside to start without the flush it holds`);
  }
  const headLen = data.readUInt32LE(4);
  const h = JSON.parse(data.subarray(8, 8 + headLen).toString("utf8")) as Omit<TFlushPlan, "tens" | "minutes" | "next"> & { tens: number; minutes: number };
  let at = 8 + headLen;
  at += (8 - (at % 8)) % 8;
  // Copy into an aligned buffer: readFileSync's buffer may sit at any offset of a shared pool.
  const floats = new Float64Array(new Uint8Array(data.subarray(at, data.length - 4)).buffer);
  const cols = (rows: number, from: number) => makeColumns((i) => floats.subarray(from + i * rows, from + (i + 1) * rows));
  return { ...h, tens: cols(h.tens, 0), minutes: cols(h.minutes, 8 * h.tens) };
}

export function removeJournal(dir: string): void {
  if (existsSync(journalPath(dir))) unlinkSync(journalPath(dir));
}
