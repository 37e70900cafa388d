import { describe, expect, it } from "vitest";
import { seriesKey, samplePoints } from "@/lib/telemetry/points";
import { SeriesBuffer } from "@/lib/telemetry/series-buffer";
import type { TSample } from "@/lib/telemetry/sample";
import { WindowStore } from "@/lib/telemetry/window-store";

const T0 = 1_800_000_000_000;
const RET = 30 * 60_000;

function points(buf: SeriesBuffer): [number, number][] {
  return Array.from({ length: buf.length }, (_, i) => [buf.tsAt(i) - T0, buf.valueAt(i)]);
}

describe("SeriesBuffer", () => {
  it("keeps 30 minutes of 5 s samples at full resolution in about 370 slots", () => {
    const buf = new SeriesBuffer(T0, 8192);
    for (let i = 0; i < 1000; i++) buf.append(T0 + i * 5000, i, RET);
    expect(buf.tsAt(buf.length - 1)).toBe(T0 + 999 * 5000);
    expect(buf.tsAt(buf.length - 1) - buf.tsAt(0)).toBeGreaterThanOrEqual(RET - 5000);
    expect(buf.capacity).toBeLessThan(400);
    for (let i = 1; i < buf.length; i++) expect(buf.tsAt(i) - buf.tsAt(i - 1)).toBe(5000);
  });

  it.each([
    [
      "in order",
      [
        [0, 1],
        [5, 2],
        [10, 3],
      ],
      [
        [0, 1],
        [5, 2],
        [10, 3],
      ],
    ],
    [
      "duplicate timestamp: last write wins",
      [
        [0, 1],
        [5, 2],
        [5, 9],
      ],
      [
        [0, 1],
        [5, 9],
      ],
    ],
    [
      "late sample inserted in place",
      [
        [0, 1],
        [10, 3],
        [5, 2],
      ],
      [
        [0, 1],
        [5, 2],
        [10, 3],
      ],
    ],
    [
      "late duplicate replaces",
      [
        [0, 1],
        [5, 2],
        [10, 3],
        [5, 7],
      ],
      [
        [0, 1],
        [5, 7],
        [10, 3],
      ],
    ],
    [
      "late sample before the first",
      [
        [5, 2],
        [10, 3],
        [0, 1],
      ],
      [
        [0, 1],
        [5, 2],
        [10, 3],
      ],
    ],
  ])("handles %s deterministically", (_name, input, expected) => {
    const buf = new SeriesBuffer(T0, 64);
    for (const [t, v] of input) buf.append(T0 + t! * 1000, v!, RET);
    expect(points(buf)).toEqual(expected.map(([t, v]) => [t! * 1000, v]));
  });

  it("never exceeds its maximum capacity, dropping the oldest point", () => {
    const buf = new SeriesBuffer(T0, 32);
    for (let i = 0; i < 100; i++) buf.append(T0 + i, i, RET);
    expect(buf.length).toBe(32);
    expect(buf.tsAt(0)).toBe(T0 + 68);
  });

  it("finds windows by binary search", () => {
    const buf = new SeriesBuffer(T0, 1024);
    for (let i = 0; i < 100; i++) buf.append(T0 + i * 10, i, RET);
    expect(buf.lowerBound(T0 + 455)).toBe(46);
    expect(buf.lowerBound(T0 - 1)).toBe(0);
    expect(buf.lowerBound(T0 + 5000)).toBe(100);
  });

  it("matches a sorted-map model through in-order, late and duplicate points, trims and ring wrap-around", () => {
    let seed = 7;
    const rand = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
    const buf = new SeriesBuffer(T0, 1 << 20);
    const model = new Map<number, number>();
    let t = 0;
    for (let step = 0; step < 20_000; step++) {
      const r = rand();
      if (r < 0.02) {
        const cutoff = t - Math.floor(rand() * 200);
        buf.trimBefore(T0 + cutoff);
        for (const k of [...model.keys()]) if (k < cutoff) model.delete(k);
      } else {
        const ts = r < 0.85 ? (t += 1 + Math.floor(rand() * 3)) : t - Math.floor(rand() * 40); // mostly newer, some late or equal
        const v = Math.floor(rand() * 1000);
        buf.append(T0 + ts, v, RET);
        model.set(ts, v);
      }
      if (step % 500 === 0 || step === 19_999) {
        const want = [...model].sort((a, b) => a[0] - b[0]);
        expect(points(buf)).toEqual(want);
        expect(buf.lastTs()).toBe(want.length ? T0 + want[want.length - 1]![0] : -Infinity);
      }
    }
  });

  it.each(["sum", "max", "min"] as const)(
    "folds points into buckets (%s) as a point-by-point read does, across the ring's wrap, the range's bounds and an offset",
    (fold) => {
      const buf = new SeriesBuffer(T0, 64);
      for (let i = 0; i < 200; i++) buf.append(T0 + i * 1000, (i * 7) % 17, RET); // full at 64: the ring has wrapped
      expect(buf.capacity).toBe(64);
      for (const [from, to, start, step] of [
        [T0 + 130_000, T0 + 500_000, T0 + 130_000, 7_000],
        [T0 + 150_500, T0 + 170_000, T0 + 150_000, 5_000],
        [T0 + 199_000, T0 + 199_001, T0 + 199_000, 1_000],
        [T0 + 300_000, T0 + 400_000, T0 + 300_000, 1_000],
      ] as const) {
        const n = Math.ceil((Math.max(to, T0 + 200_000) - start) / step) + 1;
        const offset = 3; // the row of a second series in one flat grid
        const init = fold === "max" ? -Infinity : fold === "min" ? Infinity : 0;
        const [sums, wantSums] = [0, 0].map(() => new Float64Array(offset + n).fill(init));
        const [counts, wantCounts] = [0, 0].map(() => new Float64Array(offset + n));
        buf.addToBuckets(from, to, start, step, sums!, counts!, fold, offset);
        for (let i = 0; i < buf.length; i++) {
          const t = buf.tsAt(i);
          if (t < from || t >= to) continue;
          const b = offset + Math.floor((t - start) / step);
          const v = buf.valueAt(i);
          wantSums![b] = fold === "sum" ? wantSums![b]! + v : fold === "max" ? Math.max(wantSums![b]!, v) : Math.min(wantSums![b]!, v);
          wantCounts![b]!++;
        }
        expect([...sums!]).toEqual([...wantSums!]);
        expect([...counts!]).toEqual([...wantCounts!]);
        expect(counts!.slice(0, offset).every((c) => c === 0)).toBe(true);
      }
    },
  );

  it("spreads the growth of series fed alike over time, instead of growing them all at one point", () => {
    const bufs = Array.from({ length: 40 }, () => new SeriesBuffer(T0, 8192));
    const grewAt = bufs.map(() => [] as number[]);
    for (let i = 0; i < 9000; i++) {
      bufs.forEach((b, k) => {
        const before = b.capacity;
        b.append(T0 + i * 40, i, RET); // 25 points a second: the window needs more than the cap
        if (b.capacity !== before) grewAt[k]!.push(i);
      });
    }
    for (const b of bufs) expect(b.capacity).toBe(8192);
    const lastGrowth = new Set(grewAt.map((g) => g[g.length - 1]));
    expect(lastGrowth.size).toBeGreaterThanOrEqual(2); // without the jitter: one point in time for all 40
    for (let i = 8999 - 8191; i < 9000; i += 997) expect(bufs[0]!.valueAt(i - (8999 - 8191))).toBe(i);
  });

  it("grows a wrapped ring keeping every point in order", () => {
    const buf = new SeriesBuffer(T0, 1024);
    for (let i = 0; i < 16; i++) buf.append(T0 + i, i, RET);
    buf.trimBefore(T0 + 5); // head moves to slot 5
    for (let i = 16; i < 40; i++) buf.append(T0 + i, i, RET); // wraps to slots 0-4, then grows while wrapped
    expect(buf.capacity).toBeGreaterThan(16);
    expect(points(buf)).toEqual(Array.from({ length: 35 }, (_, k) => [k + 5, k + 5]));
  });

  it("after trimming to empty, takes a point older than the ones it dropped", () => {
    const buf = new SeriesBuffer(T0, 64);
    buf.append(T0 + 10_000, 1, RET);
    buf.append(T0 + 20_000, 2, RET);
    buf.trimBefore(T0 + 30_000);
    expect(buf.length).toBe(0);
    expect(buf.lastTs()).toBe(-Infinity);
    buf.append(T0 + 5_000, 3, RET);
    buf.append(T0 + 6_000, 4, RET);
    expect(points(buf)).toEqual([
      [5_000, 3],
      [6_000, 4],
    ]);
  });

  it("stays correct across a rebase far in time", () => {
    const buf = new SeriesBuffer(T0, 64);
    buf.append(T0, 1, RET);
    buf.append(T0 + 30 * 86_400_000, 2, RET);
    expect(buf.length).toBe(1);
    expect(buf.tsAt(0)).toBe(T0 + 30 * 86_400_000);
    expect(buf.valueAt(0)).toBe(2);
  });
});

describe("WindowStore", () => {
  it("turns samples into per-metric series; absent metrics stay unknown", () => {
    const store = new WindowStore();
    const pts = samplePoints({ type: "shard", cluster: "orders", shard: "s-07", node: "db-3", ts: T0, qps: 1200, p99Ms: 14.2 });
    for (const p of pts) store.put(p.key, p.metric, p.labels, p.ts, p.value);
    expect([...store.series.values()].map((s) => s.metric).sort()).toEqual(["shard.p99Ms", "shard.qps"]);
    expect(store.last(seriesKey("shard.qps", "orders", "s-07"))).toEqual({ ts: T0, value: 1200 });
    expect(store.last(seriesKey("shard.cpu", "orders", "s-07"))).toBeUndefined();
  });

  it("follows a shard to its new node without starting a new series", () => {
    const store = new WindowStore();
    const key = seriesKey("shard.qps", "orders", "s-07");
    store.put(key, "shard.qps", { cluster: "orders", shard: "s-07", node: "db-3" }, T0, 1);
    store.put(key, "shard.qps", { cluster: "orders", shard: "s-07", node: "db-9" }, T0 + 5000, 2);
    expect(store.series.size).toBe(1);
    expect(store.series.get(key)?.labels.node).toBe("db-9");
    expect(store.range(key, T0, T0 + 10_000)).toEqual({ ts: [T0, T0 + 5000], values: [1, 2] });
  });

  it("forgets series with no points in the retention", () => {
    const store = new WindowStore({ retentionMs: 60_000, maxPointsPerSeries: 64 });
    store.put("a", "shard.qps", { cluster: "c" }, T0, 1);
    store.put("b", "shard.qps", { cluster: "c" }, T0 + 50_000, 1);
    expect(store.gc(T0 + 100_000)).toBe(1);
    expect([...store.series.keys()]).toEqual(["b"]);
  });
});

describe("applySample (the ingest hot path)", () => {
  it("produces exactly what samplePoints + put would, and flags new or moved things", async () => {
    const { applySample } = await import("@/lib/telemetry/apply-sample");
    const samples: TSample[] = [
      { type: "shard", cluster: "o", shard: "s-1", node: "n1", ts: T0, qps: 1, cpu: 0.5 },
      { type: "shard", cluster: "o", shard: "s-1", node: "n1", ts: T0 + 5000, qps: 2, p99Ms: 3 },
      { type: "replica", cluster: "o", shard: "s-1", replica: "r1", ts: T0, lagSeconds: 0.2 },
      { type: "cache", cluster: "o", node: "c1", ts: T0, hitsPerSec: 5, hotKeys: [{ key: "k", perSec: 9 }] },
      { type: "shard", cluster: "o", shard: "s-1", node: "n2", ts: T0 + 10_000, qps: 4 },
    ];
    const fast = new WindowStore();
    const slow = new WindowStore();
    const flags: boolean[] = [];
    const visited: [string, number, number][] = [];
    for (const s of samples) {
      flags.push(applySample(fast, s, T0, (e, ts, v) => visited.push([e.key, ts, v])));
      for (const p of samplePoints(s)) slow.put(p.key, p.metric, p.labels, p.ts, p.value);
    }
    const dump = (st: WindowStore) =>
      [...st.series.values()].map((e) => [e.key, Array.from({ length: e.buf.length }, (_, i) => [e.buf.tsAt(i), e.buf.valueAt(i)])]).sort();
    expect(dump(fast)).toEqual(dump(slow));
    // A move relabels every series of the shard, not only the metrics in the moving sample.
    const shardSeries = [...fast.series.values()].filter((e) => e.labels.shard === "s-1" && !e.labels.replica);
    expect(shardSeries.map((e) => e.labels.node)).toEqual(["n2", "n2", "n2"]);
    expect(flags).toEqual([true, false, true, true, true]);
    expect(visited).toHaveLength(samples.reduce((n, s) => n + samplePoints(s).length, 0));
  });

  it("registers a shard again once gc has forgotten it", async () => {
    const { applySample } = await import("@/lib/telemetry/apply-sample");
    const store = new WindowStore({ retentionMs: 60_000, maxPointsPerSeries: 64 });
    const s: TSample = { type: "shard", cluster: "o", shard: "s-1", node: "n1", ts: T0, qps: 1 };
    expect(applySample(store, s, T0, () => undefined)).toBe(true);
    expect(applySample(store, { ...s, ts: T0 + 5000 }, T0 + 5000, () => undefined)).toBe(false);
    store.gc(T0 + 10 * 60_000);
    expect(store.entities.size).toBe(0);
    const later = T0 + 11 * 60_000;
    expect(applySample(store, { ...s, ts: later, qps: 7 }, later, () => undefined)).toBe(true);
    expect(store.entities.size).toBe(1);
    expect(store.last(seriesKey("shard.qps", "o", "s-1"))).toEqual({ ts: later, value: 7 });
  });
});
