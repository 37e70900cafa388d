import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { journalPath, makeColumns, readJournal, removeJournal, writeJournal, type TFlushPlan } from "@/lib/telemetry/flush-journal";

const plan = (tens: number, minutes: number): TFlushPlan => ({
  id: 7,
  segment: 12,
  watermark: 1_790_000_040_000,
  chunkRows: 500,
  tens: makeColumns((c) => Float64Array.from({ length: tens }, (_, i) => c * 1000 + i + 0.5)),
  minutes: makeColumns((c) => Float64Array.from({ length: minutes }, (_, i) => -(c * 1000 + i))),
  first: 1_790_000_000_000,
  last: 1_790_000_030_000,
  next: 3,
});

describe("flush journal", () => {
  it("reads back what it wrote, every column in place", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "sw-journal-"));
    expect(readJournal(dir)).toBeNull();
    const p = plan(1_001, 37);
    await writeJournal(dir, p);
    const back = readJournal(dir)!;
    const { next: _next, ...rest } = p;
    expect(back).toEqual(rest); // a journal does not know how far its flush got: the database does
    removeJournal(dir);
    expect(readJournal(dir)).toBeNull();
  });

  it("refuses a damaged journal instead of applying part of it", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "sw-journal-"));
    await writeJournal(dir, plan(10, 2));
    const data = readFileSync(journalPath(dir));
    data[100] = data[100]! ^ 0xff;
    writeFileSync(journalPath(dir), data);
    expect(() => readJournal(dir)).toThrow(/damaged/);
  });
});
