import { describe, expect, it } from "vitest";
import type { TSqlRunner } from "@/lib/db/sql-runner";
import { rollupChangesSince } from "@/lib/telemetry/rollup-changes";
import type { TDeltas } from "@/lib/telemetry/rollup-aggregator";
import { RollupStore } from "@/lib/telemetry/rollup-store";

// RollupStore tells readers which buckets a committed flush or the retention changed (and nothing for a rolled-back one).

const T0 = Date.UTC(2026, 10, 23, 10);

function fakeSql(failOn?: string): TSqlRunner {
  const sql: TSqlRunner = {
    exec: async () => undefined,
    query: async <T>(text: string, params?: unknown[]) => {
      if (failOn && text.includes(failOn)) throw new Error("disk full");
      return (text.includes("INSERT INTO series") ? (params![0] as string[]).map((key, id) => ({ id, key })) : []) as T[];
    },
    transaction: (fn) => fn(sql),
  };
  return sql;
}

const agg = { count: 1, min: 1, max: 1, sum: 1, last: 1, lastTs: 0 };
const deltas = (...buckets: number[]): TDeltas =>
  new Map([["k", { metric: "shard.qps", labels: { cluster: "c", shard: "s" }, buckets: new Map(buckets.map((b) => [b, agg])) }]]);

describe("RollupStore change notes", () => {
  it("a flush covers its buckets' minutes; the retention everything before its cutoff", async () => {
    const sql = fakeSql();
    const store = new RollupStore(sql, { chunkRows: 500 });
    await store.write(deltas(T0 + 70_000, T0 + 20_000), { instance: "i", segment: 1, watermark: T0 });
    expect(rollupChangesSince(sql, 0).changes).toEqual([{ from: T0, to: T0 + 130_000 }]);
    await store.applyRetention(T0 + 86_400_000, 3_600_000, 86_400_000);
    expect(rollupChangesSince(sql, 1).changes).toEqual([{ from: -Infinity, to: T0 + 86_400_000 - 3_600_000 }]);
  });

  it("a flush that fails before its first chunk notes nothing", async () => {
    const sql = fakeSql("rollup_10s");
    await expect(new RollupStore(sql, { chunkRows: 500 }).write(deltas(T0), { instance: "i", segment: 1, watermark: T0 })).rejects.toThrow("disk full");
    expect(rollupChangesSince(sql, 0)).toEqual({ seq: 0, changes: [] });
  });

  it("a flush that fails part-way notes its buckets: the chunks before the failure are in", async () => {
    const sql = fakeSql("rollup_1m");
    await expect(new RollupStore(sql, { chunkRows: 500 }).write(deltas(T0 + 10_000), { instance: "i", segment: 1, watermark: T0 })).rejects.toThrow("disk full");
    expect(rollupChangesSince(sql, 0).changes).toEqual([{ from: T0, to: T0 + 70_000 }]);
  });
});
