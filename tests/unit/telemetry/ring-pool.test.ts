import { describe, expect, it } from "vitest";
import { blockSizeFor, RingPool, type TSlab } from "@/lib/telemetry/ring-pool";
import { SeriesBuffer } from "@/lib/telemetry/series-buffer";
import { WindowStore } from "@/lib/telemetry/window-store";

const T0 = 1_800_000_000_000;
const RET = 30 * 60_000;

function lcg(seed: number) {
  return () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
}

describe("RingPool", () => {
  it("rounds block sizes up to 16, 64 or 256 points", () => {
    expect([1, 16, 17, 256, 257, 370, 1024, 1025, 8192].map(blockSizeFor)).toEqual([16, 16, 32, 256, 320, 384, 1024, 1280, 8192]);
  });

  it("never hands out overlapping blocks, reuses blocks given back and lets empty slabs go", () => {
    const pool = new RingPool();
    const rand = lcg(3);
    type TBlock = { slab: TSlab; off: number; n: number; id: number };
    const live: TBlock[] = [];
    let id = 0;
    // A block of n points is 2n words of the slab (each point's time offset and value side by side).
    const check = (b: TBlock) => expect(b.slab.ts.subarray(b.off * 2, (b.off + b.n) * 2).every((v) => v === b.id)).toBe(true);
    for (let step = 0; step < 20_000; step++) {
      if (live.length && rand() < 0.45) {
        const b = live.splice(Math.floor(rand() * live.length), 1)[0]!;
        check(b);
        pool.release(b.slab, b.off);
      } else {
        const n = [16, 128, 370, 2000][Math.floor(rand() * 4)]!;
        const { slab, off } = pool.alloc(n);
        expect(off % blockSizeFor(n)).toBe(0);
        expect(off + n).toBeLessThanOrEqual(slab.points);
        expect(slab.ts.length).toBe(slab.points * 2);
        const b = { slab, off, n, id: ++id };
        slab.ts.fill(b.id, off * 2, (off + n) * 2);
        live.push(b);
      }
    }
    live.forEach(check);
    const held = pool.reservedBytes;
    const needed = live.reduce((a, b) => a + blockSizeFor(b.n) * 8, 0);
    expect(held).toBeGreaterThanOrEqual(needed);
    for (const b of live.splice(0)) pool.release(b.slab, b.off);
    // Every block given back: at most one (empty, kept for the next alloc) slab per size class remains.
    expect(pool.slabs).toBeLessThanOrEqual(4);
    expect(pool.reservedBytes).toBeLessThan(held);
  });
});

describe("SeriesBuffer in a shared pool", () => {
  it("keeps many interleaved rings apart through growth, wrap-around, trims and release", () => {
    const pool = new RingPool();
    const rand = lcg(11);
    const bufs = Array.from({ length: 30 }, () => new SeriesBuffer(T0, 600, pool));
    const models = bufs.map(() => new Map<number, number>());
    const clocks = bufs.map(() => 0);
    for (let step = 0; step < 40_000; step++) {
      const k = Math.floor(rand() * bufs.length);
      const buf = bufs[k]!;
      const model = models[k]!;
      const r = rand();
      if (r < 0.003) {
        buf.release(); // as the window store does when it drops a series; the holder may append again
        model.clear();
      } else if (r < 0.02) {
        const cutoff = clocks[k]! - Math.floor(rand() * 300);
        buf.trimBefore(T0 + cutoff);
        for (const t of [...model.keys()]) if (t < cutoff) model.delete(t);
      } else {
        const ts = r < 0.9 ? (clocks[k]! += 1 + Math.floor(rand() * 3)) : clocks[k]! - Math.floor(rand() * 40);
        const v = k * 100_000 + (step % 100_000);
        buf.append(T0 + ts, v, RET);
        model.set(ts, v);
        // A full ring at its cap drops the oldest point, as the model must too.
        const keys = [...model.keys()].sort((a, b) => a - b);
        while (keys.length > buf.length) model.delete(keys.shift()!);
      }
    }
    bufs.forEach((buf, k) => {
      const want = [...models[k]!].sort((a, b) => a[0] - b[0]);
      expect(Array.from({ length: buf.length }, (_, i) => [buf.tsAt(i) - T0, buf.valueAt(i)])).toEqual(want);
    });
  });

  it("gives every ring back when the window store drops its series", () => {
    const store = new WindowStore({ retentionMs: 60_000, maxPointsPerSeries: 8192 });
    for (let s = 0; s < 2000; s++) for (let i = 0; i < 40; i++) store.put(`k${s}`, "shard.qps", { cluster: "c", shard: `s-${s}` }, T0 + i * 1000, i);
    const full = store.pool.reservedBytes;
    expect(full).toBeGreaterThanOrEqual(2000 * 64 * 8);
    expect(store.stats().bytes).toBe(full + 2000 * 200);
    expect(store.gc(T0 + 10 * 60_000)).toBe(2000);
    // What stays is one empty slab per block size used (16 points, then the grown size), kept for reuse.
    expect(store.pool.slabs).toBeLessThanOrEqual(2);
    expect(store.pool.reservedBytes).toBeLessThanOrEqual(2 * 65_536 * 8);
    store.put("k0", "shard.qps", { cluster: "c", shard: "s-0" }, T0 + 11 * 60_000, 7);
    expect(store.last("k0")).toEqual({ ts: T0 + 11 * 60_000, value: 7 });
  });
});
