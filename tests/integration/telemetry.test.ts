import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { RateLimitedError } from "@/lib/errors";
import { decodePush, toColumns } from "@/lib/telemetry/push-decode";
import type { TSample } from "@/lib/telemetry/sample";
import type { TelemetryService } from "@/lib/telemetry/service";
import { queryRange } from "@/lib/telemetry/query/query-range";
import { encodeColumnsRecord } from "@/lib/telemetry/wal-record";
import { BACKENDS, migratedDatabase, type TTestDatabase } from "./helpers/databases";
import { startTelemetry, telemetryConfig } from "./helpers/telemetry";

const NOW = Date.now();
const T0 = Math.floor(NOW / 60_000) * 60_000 - 5 * 60_000; // a minute boundary five minutes ago

function shard(ts: number, qps: number, extra: Partial<TSample> = {}): TSample {
  return { type: "shard", cluster: "orders", shard: "s-07", node: "db-3", ts, qps, ...extra } as TSample;
}

describe.each(BACKENDS)("telemetry pipeline on %s", (kind) => {
  let db: TTestDatabase;
  let svc: TelemetryService | undefined;
  beforeEach(async () => {
    db = await migratedDatabase(kind);
  });
  afterEach(async () => {
    await svc?.stop();
    svc = undefined;
    await db.drop();
  });

  it("rolls samples up into 10 s and 1 min buckets and registers the topology", async () => {
    svc = await startTelemetry(db, telemetryConfig(), NOW);
    await svc.ingest([shard(T0, 10), shard(T0 + 2_000, 30), shard(T0 + 12_000, 5)], "push");
    await svc.ingest([{ type: "replica", cluster: "orders", shard: "s-07", replica: "s-07-r1", ts: T0, lagSeconds: 0.5 }], "push");
    await svc.ingest([{ type: "cache", cluster: "orders", node: "c-1", ts: T0, hitsPerSec: 90, hotKeys: [{ key: "user:42", perSec: 7 }] }], "push");
    await svc.flush();
    const rows = await db.sql.query<{ bucket: string; count: number; min: number; max: number; sum: number; last: number }>(
      `SELECT r.bucket::text, r.count, r.min, r.max, r.sum, r.last FROM rollup_10s r JOIN series s ON s.id = r.series_id
       WHERE s.metric = 'shard.qps' ORDER BY r.bucket`,
    );
    expect(rows.map((r) => ({ ...r, bucket: Number(r.bucket) - T0 }))).toEqual([
      { bucket: 0, count: 2, min: 10, max: 30, sum: 40, last: 30 },
      { bucket: 10_000, count: 1, min: 5, max: 5, sum: 5, last: 5 },
    ]);
    const shards = await db.prisma.shard.findMany();
    expect(shards.map((s) => [s.clusterName, s.shardId, s.node])).toEqual([["orders", "s-07", "db-3"]]);
    expect(await db.prisma.replica.count()).toBe(1);
    expect(await db.prisma.cacheNode.count()).toBe(1);
    expect(await db.prisma.node.count()).toBe(1);
    const series = await db.prisma.series.findMany({ orderBy: { metric: "asc" } });
    expect(series.map((s) => s.metric)).toEqual(["cache.hitsPerSec", "cache.hotKey.perSec", "replica.lagSeconds", "shard.qps"]);
  });

  it("merges each flush into the 1 min rollups too, late samples included, each counted once", async () => {
    svc = await startTelemetry(db, telemetryConfig(), NOW);
    await svc.ingest([shard(T0, 10), shard(T0 + 2_000, 30), shard(T0 + 12_000, 5), shard(T0 + 60_000, 8)], "push");
    await svc.flush();
    await svc.ingest([shard(T0 + 30_000, 100), shard(T0 + 1_000, 1)], "push"); // late, into flushed buckets
    await svc.flush();
    const rows = await db.sql.query<{ bucket: string; count: number; min: number; max: number; sum: number; last: number }>(
      `SELECT r.bucket::text, r.count, r.min, r.max, r.sum, r.last FROM rollup_1m r JOIN series s ON s.id = r.series_id
       WHERE s.metric = 'shard.qps' ORDER BY r.bucket`,
    );
    expect(rows.map((r) => ({ ...r, bucket: Number(r.bucket) - T0 }))).toEqual([
      { bucket: 0, count: 5, min: 1, max: 100, sum: 146, last: 100 },
      { bucket: 60_000, count: 1, min: 8, max: 8, sum: 8, last: 8 },
    ]);
  });

  it("answers range queries from the window and from rollups alike", async () => {
    svc = await startTelemetry(db, telemetryConfig({ windowMs: 60_000 }), NOW);
    await svc.ingest([shard(T0, 10), shard(T0 + 5_000, 20), shard(NOW - 10_000, 100)], "push");
    await svc.flush();
    const q = { metric: "shard.qps" as const, cluster: "orders", from: T0, to: NOW, step: 60_000, agg: "avg" as const, by: "shard" as const };
    const res = await queryRange(svc.store, db.sql, q, NOW);
    const values = res.series[0]!.values.filter((v) => v !== null);
    expect(values).toEqual([15, 100]); // the first minute from rollups, the last from the window
  });

  it("answers a repeated range query with what a later flush merged into buckets it had already read", async () => {
    svc = await startTelemetry(db, telemetryConfig({ windowMs: 60_000 }), NOW);
    await svc.ingest([shard(T0, 10), shard(T0 + 5_000, 20)], "push");
    await svc.flush();
    const q = { metric: "shard.qps" as const, cluster: "orders", from: T0, to: T0 + 120_000, step: 60_000, agg: "max" as const, by: "shard" as const };
    expect((await queryRange(svc.store, db.sql, q, NOW)).series[0]!.values).toEqual([20, null]);
    await svc.ingest([shard(T0 + 7_000, 90)], "push"); // late, into the bucket just read
    await svc.flush();
    expect((await queryRange(svc.store, db.sql, q, NOW)).series[0]!.values).toEqual([90, null]);
  });

  it("answers a repeated range query with the series a later flush created, old enough to be only in rollups", async () => {
    svc = await startTelemetry(db, telemetryConfig({ windowMs: 60_000 }), NOW);
    await svc.ingest([shard(T0, 10)], "push");
    await svc.flush();
    const q = { metric: "shard.qps" as const, cluster: "orders", from: T0, to: T0 + 120_000, step: 60_000, agg: "max" as const, by: "shard" as const };
    const shards = async () => (await queryRange(svc!.store, db.sql, q, NOW)).series.map((s) => [s.group.shard, s.values]);
    expect(await shards()).toEqual([["s-07", [10, null]]]);
    await svc.ingest([shard(T0 + 61_000, 4, { shard: "s-08" })], "push");
    await svc.flush(); // creates s-08's series row, after the first answer read the list
    expect(await shards()).toEqual([
      ["s-07", [10, null]],
      ["s-08", [null, 4]],
    ]);
  });

  it("answers concurrent range queries each with its own values (the grid is scratch shared between requests)", async () => {
    svc = await startTelemetry(db, telemetryConfig({ windowMs: 60_000 }), NOW);
    await svc.ingest([shard(T0, 10), shard(T0 + 5_000, 20, { shard: "s-08" }), shard(NOW - 10_000, 100), shard(NOW - 5_000, 7, { shard: "s-08" })], "push");
    await svc.flush();
    const q = (agg: "avg" | "max", by: "shard" | "cluster") => ({ metric: "shard.qps" as const, cluster: "orders", from: T0, to: NOW, step: 60_000, agg, by });
    const asked = [q("avg", "shard"), q("max", "cluster"), q("max", "shard"), q("avg", "cluster")];
    const one = [];
    for (const each of asked) one.push(await queryRange(svc.store, db.sql, each, NOW));
    const together = await Promise.all(asked.map((each) => queryRange(svc!.store, db.sql, each, NOW)));
    expect(together).toEqual(one);
    expect(one[1]!.series[0]!.values).toEqual(expect.arrayContaining([20, 100])); // max of both shards: rollups, then the window
    expect(one[2]!.series.map((g) => g.group.shard)).toEqual(["s-07", "s-08"]);
  });

  it("recovers everything acknowledged after a crash, without counting anything twice", async () => {
    const cfg = telemetryConfig();
    svc = await startTelemetry(db, cfg, NOW);
    await svc.ingest([shard(T0, 1)], "push");
    await svc.flush(); // first sample in the database, its WAL segment dropped
    await svc.ingest([shard(T0 + 1_000, 2), shard(T0 + 20_000, 3)], "push"); // only in the WAL
    // crash: no stop(), no flush; a new process starts on the same folder and database
    const crashed = svc;
    svc = await startTelemetry(db, { ...cfg }, NOW);
    void crashed;
    await svc.flush();
    const rows = await db.sql.query<{ count: number; sum: number }>(
      `SELECT count, sum FROM rollup_10s r JOIN series s ON s.id = r.series_id WHERE s.metric = 'shard.qps' ORDER BY bucket`,
    );
    expect(rows).toEqual([
      { count: 2, sum: 3 },
      { count: 1, sum: 3 },
    ]);
    const minutes = await db.sql.query<{ count: number; sum: number }>(
      `SELECT count, sum FROM rollup_1m r JOIN series s ON s.id = r.series_id WHERE s.metric = 'shard.qps'`,
    );
    expect(minutes).toEqual([{ count: 3, sum: 6 }]);
    // The window refills from the flushed 10 s rollup (one averaged point mid-bucket) plus the replayed raw samples.
    expect(svc.store.range("shard.qps\u0001orders\u0001s-07", T0, T0 + 30_000)).toEqual({ ts: [T0 + 1_000, T0 + 5_000, T0 + 20_000], values: [2, 1, 3] });
  });

  it("replays every record form after a crash: a push body with a byte-order mark, then remote_write's binary columns", async () => {
    const cfg = telemetryConfig();
    svc = await startTelemetry(db, cfg, NOW);
    // The push first, an odd number of bytes (mark included): the binary record after it starts at an
    // odd offset in the segment, so replay must not view its columns in place.
    let text = JSON.stringify({ samples: [shard(T0 + 2_000, 8)] });
    if (text.length % 2 === 1) text += " ";
    const body = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]);
    await svc.ingest(decodePush(body, NOW, { maxPastMs: 3_600_000, maxFutureMs: 60_000 }), "push", body);
    const columns = toColumns([
      shard(T0, 4),
      shard(T0 + 1_000, 6, { shard: "s-08" }),
      { type: "replica", cluster: "orders", shard: "s-07", replica: "r-1", ts: T0, lagSeconds: 3 },
    ]);
    await svc.ingest(columns, "remote_write", Buffer.from(encodeColumnsRecord(columns)));
    svc = await startTelemetry(db, { ...cfg }, NOW); // crash and restart: everything comes from the WAL
    await svc.flush();
    const rows = await db.sql.query<{ metric: string; shard: string; count: number; sum: number }>(
      `SELECT s.metric, s.labels->>'shard' AS shard, r.count, r.sum FROM rollup_10s r JOIN series s ON s.id = r.series_id ORDER BY 1, 2`,
    );
    expect(rows).toEqual([
      { metric: "replica.lagSeconds", shard: "s-07", count: 1, sum: 3 },
      { metric: "shard.qps", shard: "s-07", count: 2, sum: 12 },
      { metric: "shard.qps", shard: "s-08", count: 1, sum: 6 },
    ]);
  });

  it("keeps open buckets in the WAL across a crash and rolls every sample up exactly once", async () => {
    const cfg = telemetryConfig();
    svc = await startTelemetry(db, cfg, NOW);
    const open = Math.floor(NOW / 60_000) * 60_000 + 1_000; // in the current (open) minute
    await svc.ingest([shard(T0, 1), shard(open, 5)], "push"); // same WAL segment: one closed minute, one open
    await svc.flush(open + 20_000); // writes the closed minute only, though 10 s buckets of the open one ended; the segment must stay
    expect(await db.sql.query(`SELECT bucket FROM rollup_10s WHERE bucket >= $1`, [open - 1_000])).toEqual([]);
    await svc.ingest([shard(open + 2_000, 7)], "push");
    svc = await startTelemetry(db, { ...cfg }, NOW); // crash and restart
    await svc.flush(open + 62_000);
    const rows = await db.sql.query<{ bucket: string; count: number; sum: number }>(
      `SELECT bucket::text, count, sum FROM rollup_10s r JOIN series s ON s.id = r.series_id WHERE s.metric = 'shard.qps' ORDER BY bucket`,
    );
    expect(rows.map((r) => [Number(r.bucket), r.count, r.sum])).toEqual([
      [T0, 1, 1],
      [open - 1_000, 2, 12],
    ]);
  });

  it("refuses pushes with 429 while rollups are too far behind, then accepts them after a flush", async () => {
    svc = await startTelemetry(db, telemetryConfig({ rollupBacklog: 10 }), NOW);
    await svc.ingest(
      Array.from({ length: 11 }, (_, i) => shard(T0 + i * 10_000, i)),
      "push",
    ); // 11 buckets
    await expect(svc.ingest([shard(T0 + 200_000, 1)], "push")).rejects.toThrow(/Rollups are behind/);
    await svc.flush();
    await expect(svc.ingest([shard(T0 + 200_000, 1)], "push")).resolves.toEqual({ accepted: 1 });
  });

  it("refuses a batch with 429 when the ingest queue is full, accepting nothing from it", async () => {
    svc = await startTelemetry(db, telemetryConfig({ queueCapacity: 1000 }), NOW);
    const big = Array.from({ length: 1001 }, (_, i) => shard(T0 + i, i));
    await expect(svc.ingest(big, "push")).rejects.toThrow(RateLimitedError);
    expect(svc.store.series.size).toBe(0);
  });
});
