import { describe, expect, it } from "vitest";
import { gridOf } from "@/lib/dashboard/buckets";
import { RollupBucketCache, type TBucketValues } from "@/lib/telemetry/rollup-bucket-cache";
import { noteRollupChange, rollupChangesSince, rollupSeq } from "@/lib/telemetry/rollup-changes";

// A fake rollup table (10 s buckets of a few series) behind the cache: every fetch is recorded, and the
// answer is the sum of the rows per step bucket, as the dashboard's grouped queries compute it.

const T0 = Date.UTC(2026, 10, 23, 10); // a whole hour
const STEP = 30_000;

type TRow = { key: string; bucket: number; value: number };

function fixture(opts: { maxCost?: number } = {}) {
  const db = {};
  const rows: TRow[] = [];
  for (const key of ["a", "b"]) for (let b = T0; b < T0 + 10 * 60_000; b += 10_000) rows.push({ key, bucket: b, value: key === "a" ? 1 : 100 });
  const calls: { keys: string[]; lo: number; hi: number }[] = [];
  let step = STEP; // the step of the grid being read
  const cache = new RollupBucketCache<number>({ granularity: 10_000, cost: () => 1, maxCost: opts.maxCost ?? 10_000 });
  const fetch = async (keys: string[], lo: number, hi: number): Promise<TBucketValues<number>> => {
    calls.push({ keys, lo, hi });
    const out: TBucketValues<number> = new Map();
    for (const r of rows) {
      if (!keys.includes(r.key) || r.bucket < lo || r.bucket >= hi) continue;
      const t = lo + Math.floor((r.bucket - lo) / step) * step;
      const m = out.get(r.key) ?? new Map<number, number>();
      m.set(t, (m.get(t) ?? 0) + r.value);
      out.set(r.key, m);
    }
    return out;
  };
  const grid = gridOf(T0, T0 + 10 * 60_000, STEP); // 20 buckets
  const read = (keys: string[], until: number, g = grid) => ((step = g.step), cache.read(db, keys, g, until, fetch));
  return { db, rows, calls, read, grid };
}

/** Bucket index → value, for the buckets that have one. */
const asObject = (row: (number | undefined)[] | undefined) => Object.fromEntries((row ?? []).flatMap((v, i) => (v === undefined ? [] : [[i, v]])));

describe("RollupBucketCache", () => {
  it("reads a span once: the same request again asks the database nothing", async () => {
    const f = fixture();
    const until = T0 + 5 * 60_000; // buckets 0..9 before the window
    const first = await f.read(["a"], until);
    expect(f.calls).toEqual([{ keys: ["a"], lo: T0, hi: until }]);
    expect(asObject(first.get("a"))).toEqual(Object.fromEntries(Array.from({ length: 10 }, (_, b) => [b, 3])));
    const again = await f.read(["a"], until);
    expect(f.calls).toHaveLength(1);
    expect(again).toEqual(first);
  });

  it("as the window moves on, fetches only the buckets that crossed its edge", async () => {
    const f = fixture();
    await f.read(["a"], T0 + 5 * 60_000);
    const moved = await f.read(["a"], T0 + 6 * 60_000);
    expect(f.calls[1]).toEqual({ keys: ["a"], lo: T0 + 5 * 60_000, hi: T0 + 6 * 60_000 });
    expect(asObject(moved.get("a"))[11]).toBe(3);
    expect(Object.keys(asObject(moved.get("a")))).toHaveLength(12);
  });

  it("a bucket cut by the window's edge is read again only when a rollup bucket more lies before the edge", async () => {
    const f = fixture();
    const edge = T0 + 5 * 60_000 + 5_000; // bucket 10 holds rollup bucket 10:05:00 only (its start is before the edge)
    expect(asObject((await f.read(["a"], edge)).get("a"))[10]).toBe(1);
    await f.read(["a"], edge + 4_000); // still only 10:05:00 starts before it: nothing to read
    expect(f.calls).toHaveLength(1);
    const later = await f.read(["a"], edge + 6_000); // 10:05:10 now starts before the edge
    expect(f.calls[1]).toEqual({ keys: ["a"], lo: T0 + 5 * 60_000, hi: edge + 6_000 });
    expect(asObject(later.get("a"))[10]).toBe(2);
  });

  it("a rollup write drops the buckets whose span it touched, and only those", async () => {
    const f = fixture();
    const until = T0 + 5 * 60_000;
    await f.read(["a"], until);
    f.rows.push({ key: "a", bucket: T0 + 60_000, value: 50 }); // a late sample in bucket 2
    noteRollupChange(f.db, T0 + 60_000, T0 + 120_000);
    const after = await f.read(["a"], until);
    expect(f.calls[1]).toEqual({ keys: ["a"], lo: T0 + 60_000, hi: T0 + 120_000 });
    expect(asObject(after.get("a"))[2]).toBe(53);
    noteRollupChange(f.db, until + 60_000, until + 120_000); // the usual flush of a recent minute: nothing cached changes
    await f.read(["a"], until);
    expect(f.calls).toHaveLength(2);
  });

  it("what was read while a write landed answers that request but is not kept", async () => {
    const f = fixture();
    const until = T0 + 5 * 60_000;
    const racing = async (keys: string[], lo: number): Promise<TBucketValues<number>> => {
      noteRollupChange(f.db, until + 60_000, until + 120_000);
      return new Map(keys.map((k) => [k, new Map([[lo, 7]])]));
    };
    const cache = new RollupBucketCache<number>({ granularity: 10_000, cost: () => 1, maxCost: 1000 });
    expect((await cache.read(f.db, ["a"], f.grid, until, racing)).get("a")?.[0]).toBe(7);
    let fetched = 0;
    await cache.read(f.db, ["a"], f.grid, until, async () => (fetched++, new Map()));
    expect(fetched).toBe(1);
  });

  it("keys missing the same span share one fetch; other databases have their own buckets", async () => {
    const f = fixture();
    const until = T0 + 5 * 60_000;
    const both = await f.read(["a", "b"], until);
    expect(f.calls).toEqual([{ keys: ["a", "b"], lo: T0, hi: until }]);
    expect(asObject(both.get("b"))[0]).toBe(300);
    const other = await new RollupBucketCache<number>({ granularity: 10_000, cost: () => 1, maxCost: 1000 }).read({}, ["a"], f.grid, until, async () => new Map());
    expect(asObject(other.get("a"))).toEqual({});
  });

  it("beyond its budget the least recently used key goes first", async () => {
    const f = fixture({ maxCost: 15 });
    const until = T0 + 5 * 60_000; // 10 buckets a key
    await f.read(["a"], until);
    await f.read(["b"], until); // 20 > 15: a goes
    await f.read(["b"], until);
    expect(f.calls).toHaveLength(2);
    await f.read(["a"], until);
    expect(f.calls).toHaveLength(3);
  });

  it("the same key at two steps is kept apart: each is read once and answers its own buckets", async () => {
    const f = fixture();
    const until = T0 + 5 * 60_000;
    const minute = gridOf(T0, T0 + 10 * 60_000, 60_000);
    await f.read(["a"], until);
    expect(asObject((await f.read(["a"], until, minute)).get("a"))).toEqual({ 0: 6, 1: 6, 2: 6, 3: 6, 4: 6 });
    await f.read(["a"], until);
    await f.read(["a"], until, minute);
    expect(f.calls).toHaveLength(2);
  });

  it("a range that moves on for long keeps reading only its new buckets, and an earlier range is read again", async () => {
    const f = fixture();
    for (let b = T0 + 10 * 60_000; b < T0 + 60 * 60_000; b += 10_000) f.rows.push({ key: "a", bucket: b, value: 1 });
    const at = (m: number) => gridOf(T0 + m * 60_000, T0 + (m + 10) * 60_000, STEP);
    await f.read(["a"], T0 + 5 * 60_000, at(0));
    for (let m = 1; m <= 40; m++) {
      const got = await f.read(["a"], T0 + (m + 5) * 60_000, at(m));
      expect(asObject(got.get("a"))).toEqual(Object.fromEntries(Array.from({ length: 10 }, (_, b) => [b, 3])));
      expect(f.calls[m]).toEqual({ keys: ["a"], lo: T0 + (m + 4) * 60_000, hi: T0 + (m + 5) * 60_000 });
    }
    expect(asObject((await f.read(["a"], T0 + 5 * 60_000, at(0))).get("a"))[0]).toBe(3);
    expect(f.calls).toHaveLength(42);
  });

  it("nothing before the window: nothing to read", async () => {
    const f = fixture();
    expect(asObject((await f.read(["a"], T0)).get("a"))).toEqual({});
    expect(f.calls).toHaveLength(0);
  });
});

describe("rollupChangesSince", () => {
  it("lists the changes after a reader's last look, or 'all' when it fell too far behind", () => {
    const db = {};
    expect(rollupChangesSince(db, 0)).toEqual({ seq: 0, changes: [] });
    noteRollupChange(db, 10, 20);
    noteRollupChange(db, 30, 40);
    expect(rollupChangesSince(db, 1)).toEqual({ seq: 2, changes: [{ from: 30, to: 40 }] });
    for (let i = 0; i < 600; i++) noteRollupChange(db, i, i + 1);
    expect(rollupSeq(db)).toBe(602);
    expect(rollupChangesSince(db, 2).changes).toBe("all");
    expect(rollupChangesSince(db, 601).changes).toEqual([{ from: 599, to: 600 }]);
  });
});
