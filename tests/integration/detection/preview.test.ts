import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { previewRule } from "@/lib/detection/backtest/preview";
import { ValidationError } from "@/lib/errors";
import { samplePoints } from "@/lib/telemetry/points";
import { BUCKET_10S, type TDeltas } from "@/lib/telemetry/rollup-aggregator";
import { RollupStore } from "@/lib/telemetry/rollup-store";
import type { TShardSample } from "@/lib/telemetry/sample";
import { WindowStore } from "@/lib/telemetry/window-store";
import { BACKENDS, migratedDatabase, type TTestDatabase } from "../helpers/databases";
import { seedDetectionPeople } from "./helpers";

// A draft rule over stored 10 s rollups (and the newest, unflushed minutes in the window store).
const NOW = Date.UTC(2026, 10, 23, 12);
const HOUR = 3_600_000;
const hotShard = { name: "hot-shard-draft", title: "Hot shard", kind: "hot-shard" as const, params: { fireShareOfFair: 3 } };

/** 8 shards every 10 s from `from` to `to`; s-03 takes 12x the load while `hot(ts)`. */
function shardSamples(from: number, to: number, hot: (ts: number) => boolean): TShardSample[] {
  const out: TShardSample[] = [];
  for (let ts = from; ts < to; ts += BUCKET_10S)
    for (let i = 0; i < 8; i++)
      out.push({ type: "shard", cluster: "orders", shard: `s-0${i}`, node: `db-${i % 4}`, ts, qps: i === 3 && hot(ts) ? 12_000 : 1_000 + 10 * i, cpu: 0.3 });
  return out;
}

function deltasOf(samples: TShardSample[]): TDeltas {
  const deltas: TDeltas = new Map();
  for (const p of samples.flatMap((s) => samplePoints(s))) {
    let d = deltas.get(p.key);
    if (!d) deltas.set(p.key, (d = { metric: p.metric, labels: p.labels, buckets: new Map() }));
    const bucket = p.ts - (p.ts % BUCKET_10S);
    d.buckets.set(bucket, { count: 1, min: p.value, max: p.value, sum: p.value, last: p.value, lastTs: p.ts });
  }
  return deltas;
}

describe.each(BACKENDS)("rule preview on %s", (kind) => {
  let db: TTestDatabase;
  let people: Awaited<ReturnType<typeof seedDetectionPeople>>;
  const store = (samples: TShardSample[]) => new RollupStore(db.sql).write(deltasOf(samples), { instance: "test", segment: 1, watermark: NOW });
  const preview = (rule: Record<string, unknown>, hours: number, window?: WindowStore) =>
    previewRule({ ctx: { ...people.viewerCtx, now: new Date(NOW) }, input: { rule, hours } as never, sources: { sql: db.sql, store: window } });

  beforeEach(async () => {
    db = await migratedDatabase(kind);
    people = await seedDetectionPeople(db);
  });
  afterEach(() => db.drop());

  it("finds a hot shard in the stored rollups, in sample time, and only within the range asked for", async () => {
    const hotFrom = NOW - 3 * HOUR;
    await store(shardSamples(NOW - 4 * HOUR, NOW, (ts) => ts >= hotFrom && ts < hotFrom + 10 * 60_000));
    const found = await preview(hotShard, 6);
    expect(found).toMatchObject({ firedCount: 1, hours: 6, samples: 4 * 360 * 8 });
    expect(found.alerts[0]).toMatchObject({ rule: "hot-shard-draft", labels: { cluster: "orders", shard: "s-03", node: "db-3" }, state: "resolved" });
    expect(found.alerts[0]!.activeAt).toBeGreaterThanOrEqual(hotFrom);
    expect(found.alerts[0]!.firedAt).toBeLessThan(hotFrom + 60_000);

    expect(await preview(hotShard, 2)).toMatchObject({ firedCount: 0, samples: 2 * 360 * 8 });
    expect(await preview({ ...hotShard, params: { fireShareOfFair: 8, clearShareOfFair: 5 } }, 6)).toMatchObject({ firedCount: 0 });
    expect(await preview({ ...hotShard, cluster: "payments" }, 6)).toMatchObject({ firedCount: 0, samples: 0 });
  });

  it("answers 0 for a benign history, and sees the newest minutes that are only in the window store", async () => {
    await store(shardSamples(NOW - 2 * HOUR, NOW - 5 * 60_000, () => false));
    expect(await preview(hotShard, 6)).toMatchObject({ firedCount: 0 });

    const window = new WindowStore();
    for (const s of shardSamples(NOW - 5 * 60_000, NOW, () => true)) for (const p of samplePoints(s)) window.put(p.key, p.metric, p.labels, p.ts, p.value);
    const result = await preview(hotShard, 1, window);
    expect(result.firedCount).toBe(1);
    expect(result.alerts[0]).toMatchObject({ labels: { shard: "s-03" }, state: "firing" });
  });

  it("names a contradictory threshold and an out-of-range window by path", async () => {
    const bad = preview({ ...hotShard, params: { fireShareOfFair: 2, clearShareOfFair: 4 } }, 49);
    await expect(bad).rejects.toBeInstanceOf(ValidationError);
    await expect(bad).rejects.toMatchObject({
      issues: expect.arrayContaining([
        { path: "rule.params.clearShareOfFair", message: expect.stringContaining("must be at most fireShareOfFair (2)") as string },
        { path: "hours", message: "at most 48 hours (the 10 s rollups kept)" },
      ]) as unknown,
    });
  });
});
