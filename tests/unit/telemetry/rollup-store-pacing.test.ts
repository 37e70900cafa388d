import { describe, expect, it } from "vitest";
import type { TSqlRunner } from "@/lib/db/sql-runner";
import type { TDeltas } from "@/lib/telemetry/rollup-aggregator";
import { RollupStore } from "@/lib/telemetry/rollup-store";

// A flush on the embedded database shares the thread with requests: below share 1 it rests after
// each statement in proportion to the statement's time, until paceForMs, and never once pacing is off.

const T0 = Date.UTC(2026, 10, 24, 10);
const busy = (ms: number) => {
  const until = performance.now() + ms;
  while (performance.now() < until);
};

function slowSql(statementMs: number): TSqlRunner {
  const sql: TSqlRunner = {
    exec: async () => undefined,
    query: async <T>(text: string, params?: unknown[]) => {
      if (text.includes("INSERT INTO series")) return (params![0] as string[]).map((key, id) => ({ id, key })) as T[];
      if (text.includes("unnest")) busy(statementMs);
      return [] as T[];
    },
    transaction: (fn) => fn(sql),
  };
  return sql;
}

/** 30 series × 1 bucket: with 10 rows a statement, 3 statements of 10 s rows and 3 of 1 min rows. */
const deltas = (): TDeltas =>
  new Map(
    Array.from({ length: 30 }, (_, i) => [
      `k${i}`,
      { metric: "shard.qps", labels: { cluster: "c", shard: `s${i}` }, buckets: new Map([[T0, { count: 1, min: 1, max: 1, sum: 1, last: 1, lastTs: T0 }]]) },
    ]),
  );

async function flush(opts: { share?: number; paceForMs?: number }, paced = () => true): Promise<number[]> {
  const rests: number[] = [];
  const store = new RollupStore(slowSql(4), { chunkRows: 10, ...opts, rest: async (ms) => void rests.push(ms) });
  const plan = await store.plan(deltas(), { id: 1, segment: 1, watermark: T0 + 60_000 });
  await store.apply("i", plan, undefined, paced);
  return rests;
}

describe("RollupStore flush pacing", () => {
  it("rests after every statement but the last, (1 / share − 1) times the statement's time", async () => {
    const rests = await flush({ share: 0.25 });
    expect(rests).toHaveLength(5);
    for (const ms of rests) expect(ms).toBeGreaterThanOrEqual(3 * 4 * 0.9);
  });

  it("does not rest at share 1, after paceForMs, or when pacing is turned off", async () => {
    expect(await flush({})).toEqual([]);
    expect(await flush({ share: 0.25, paceForMs: 0 })).toEqual([]);
    expect(await flush({ share: 0.25 }, () => false)).toEqual([]);
  });
});
