import { describe, expect, it } from "vitest";
import { RollupAggregator, type TAgg, type TAggTarget } from "@/lib/telemetry/rollup-aggregator";

const T0 = 1_800_000_000_000; // a 10 s boundary
const target = (): TAggTarget => ({ key: "k", metric: "shard.qps", labels: { cluster: "c", shard: "s" }, aggSlot: -1 });
const rows = (d: ReturnType<RollupAggregator["take"]>) =>
  [...(d.get("k")?.buckets ?? new Map<number, TAgg>())].map(([b, a]) => [b - T0, a.count, a.sum, a.min, a.max, a.last]).sort((x, y) => x[0]! - y[0]!);

describe("RollupAggregator", () => {
  it("folds points into 10 s buckets and takes only closed ones", () => {
    const agg = new RollupAggregator();
    const t = target();
    for (const [dt, v] of [
      [0, 5],
      [3_000, 1],
      [9_999, 9],
      [10_000, 2],
      [25_000, 7],
    ])
      agg.addTo(t, T0 + dt!, v!);
    expect(rows(agg.take(T0 + 20_000))).toEqual([
      [0, 3, 15, 1, 9, 9],
      [10_000, 1, 2, 2, 2, 2],
    ]);
    expect(agg.pendingBuckets).toBe(1);
    expect(rows(agg.take(T0 + 30_000))).toEqual([[20_000, 1, 7, 7, 7, 7]]);
  });

  it("gives a bucket the labels its series has at the last point (a shard moved mid-bucket)", () => {
    const agg = new RollupAggregator();
    const t = target();
    agg.addTo(t, T0 + 1_000, 1);
    t.labels = { cluster: "c", shard: "s", node: "db-2" }; // what the window store does when the shard moves
    agg.addTo(t, T0 + 2_000, 2);
    expect(agg.take(T0 + 10_000).get("k")?.labels).toEqual({ cluster: "c", shard: "s", node: "db-2" });
  });

  it("keeps last by timestamp when points arrive out of order, and merges late points after a take", () => {
    const agg = new RollupAggregator();
    const t = target();
    agg.addTo(t, T0 + 5_000, 50);
    agg.addTo(t, T0 + 12_000, 1);
    agg.addTo(t, T0 + 1_000, 10); // back into the first bucket
    expect(rows(agg.take(T0 + 10_000))).toEqual([[0, 2, 60, 10, 50, 50]]);
    agg.addTo(t, T0 + 2_000, 4); // late: its bucket was already taken, so a new delta
    expect(rows(agg.take(T0 + 20_000))).toEqual([
      [0, 1, 4, 4, 4, 4],
      [10_000, 1, 1, 1, 1, 1],
    ]);
  });

  it("restores a failed flush without losing or doubling anything", () => {
    const agg = new RollupAggregator();
    const t = target();
    agg.addTo(t, T0, 3);
    const taken = agg.take(T0 + 10_000);
    agg.addTo(t, T0 + 1_000, 4);
    agg.restore(taken);
    expect(rows(agg.take(T0 + 10_000))).toEqual([[0, 2, 7, 3, 4, 4]]);
  });

  it("detaches closed buckets at once, and reads them out between pauses: same deltas, later points kept apart", async () => {
    const fill = (agg: RollupAggregator, targets: TAggTarget[]) => {
      targets.forEach((t, i) => {
        agg.addTo(t, T0 + (i % 10_000), i);
        agg.addTo(t, T0 + 10_000 + (i % 10_000), i * 2);
        agg.addTo(t, T0 + 20_000, 1); // open: stays
      });
    };
    const many = () =>
      Array.from({ length: 12_000 }, (_, i): TAggTarget => ({ key: `k${i}`, metric: "shard.qps", labels: { cluster: "c", shard: `s${i}` }, aggSlot: -1 }));
    const [a, b] = [new RollupAggregator(), new RollupAggregator()];
    const [ta, tb] = [many(), many()];
    fill(a, ta);
    fill(b, tb);
    const detached = b.detach(T0 + 20_000);
    expect(b.pendingBuckets).toBe(12_000);
    b.addTo(tb[7]!, T0 + 3_000, 1000); // after the detach: into a new record, not the detached one
    let pauses = 0;
    const deltas = await RollupAggregator.deltasOf(detached, async () => void pauses++);
    expect(pauses).toBe(2); // 24,000 records, a pause every 10,000
    expect(deltas).toEqual(a.take(T0 + 20_000));
    expect([...b.take(T0 + 20_000)]).toEqual([
      [
        "k7",
        {
          metric: "shard.qps",
          labels: { cluster: "c", shard: "s7" },
          buckets: new Map([[T0, { count: 1, min: 1000, max: 1000, sum: 1000, last: 1000, lastTs: T0 + 3_000 }]]),
        },
      ],
    ]);
  });

  it("keeps every finished bucket of a series that runs ahead of the flush, and merges late points into them", () => {
    const agg = new RollupAggregator();
    const t = target();
    for (let b = 0; b < 7; b++) for (const dt of [1_000, 6_000]) agg.addTo(t, T0 + b * 10_000 + dt, b * 10 + dt / 1_000);
    agg.addTo(t, T0 + 12_000, 100); // late, into bucket 1: a record of its own until read
    expect(agg.pendingBuckets).toBe(8);
    expect(rows(agg.take(T0 + 60_000))).toEqual([
      [0, 2, 7, 1, 6, 6],
      [10_000, 3, 127, 11, 100, 16], // the late point is not the newest: last stays 16
      [20_000, 2, 47, 21, 26, 26],
      [30_000, 2, 67, 31, 36, 36],
      [40_000, 2, 87, 41, 46, 46],
      [50_000, 2, 107, 51, 56, 56],
    ]);
    expect(agg.pendingBuckets).toBe(1);
    expect(rows(agg.take(T0 + 70_000))).toEqual([[60_000, 2, 127, 61, 66, 66]]);
  });

  it("gives back the slot of a series idle for 10 minutes, after its last bucket is taken", () => {
    const agg = new RollupAggregator();
    const a = target();
    agg.addTo(a, T0, 1);
    const slot = a.aggSlot;
    expect(slot).toBeGreaterThanOrEqual(0);
    expect(rows(agg.take(T0 + 10_000))).toEqual([[0, 1, 1, 1, 1, 1]]);
    agg.take(T0 + 5 * 60_000);
    expect(a.aggSlot).toBe(slot); // idle, but not for 10 minutes yet
    agg.take(T0 + 11 * 60_000);
    expect(a.aggSlot).toBe(-1);
    const b: TAggTarget = { key: "b", metric: "shard.qps", labels: { cluster: "c", shard: "b" }, aggSlot: -1 };
    agg.addTo(b, T0 + 11 * 60_000, 5);
    expect(b.aggSlot).toBe(slot); // reused
    agg.addTo(a, T0 + 11 * 60_000 + 1_000, 2); // the idle series sends again: a slot of its own
    expect(a.aggSlot).not.toBe(slot);
    const d = agg.take(T0 + 12 * 60_000);
    expect(d.get("b")?.buckets.get(T0 + 11 * 60_000)?.sum).toBe(5);
    expect(rows(d)).toEqual([[11 * 60_000, 1, 2, 2, 2, 2]]);
  });

  it("gives back the log's memory once a backlog is taken, and keeps what is still open", () => {
    const agg = new RollupAggregator();
    const t = target();
    for (let b = 0; b < 20_000; b++) agg.addTo(t, T0 + b * 10_000, b); // 20,000 finished buckets
    const logLength = () => (agg as unknown as { log: Float64Array }).log.length;
    expect(logLength()).toBeGreaterThanOrEqual(8 * 20_000);
    agg.addTo(t, T0 + 5_000, 1); // a late point for bucket 0, merged into it
    const d = agg.take(T0 + 19_990 * 10_000);
    expect(d.get("k")?.buckets.size).toBe(19_990);
    expect(d.get("k")?.buckets.get(T0)?.count).toBe(2);
    expect(logLength()).toBe(8 * 4096); // back to its first size
    expect(agg.pendingBuckets).toBe(10);
    expect(rows(agg.take(T0 + 20_000 * 10_000)).map((r) => r[1])).toEqual(Array(10).fill(1));
  });
});
