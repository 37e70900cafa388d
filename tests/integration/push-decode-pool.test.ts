import { Worker } from "node:worker_threads";
import { afterEach, describe, expect, it } from "vitest";
import { BadRequestError, ValidationError } from "@/lib/errors";
import { createPromMapper, ZPromMappingConfig } from "@/lib/telemetry/prom/mapping";
import { remoteWriteBatch } from "@/lib/telemetry/prom/remote-write-batch";
import { decodePush } from "@/lib/telemetry/push-decode";
import { PushDecoder } from "@/lib/telemetry/push-decode-pool";
import { decodeWalRecord } from "@/lib/telemetry/wal-record";
import { remoteWriteBody } from "../remote-write-body";

// The decode threads for real (worker_threads running push-decode-worker.ts): the same answer as
// decoding in-process, errors that keep their class and named issues, and no request lost to a thread
// that dies.

const NOW = Date.now();
const SKEW = { maxPastMs: 3_600_000, maxFutureMs: 60_000 };
const batch = (n: number, tag: number) =>
  Buffer.from(
    JSON.stringify({
      samples: Array.from({ length: n }, (_, i) =>
        i % 10 === 9
          ? { type: "replica", cluster: `c${tag}`, shard: `s-${i}`, replica: `r-${i}`, ts: NOW - i, lagSeconds: i / 10 }
          : { type: "shard", cluster: `c${tag}`, shard: `s-${i}`, node: `db-${i % 7}`, ts: NOW - i, qps: i + tag, cpu: (i % 100) / 100 },
      ),
    }),
  );

// remote_write bodies (tests/remote-write-body.ts): shards' qps, a cache's hits counter and an unmapped series.
const remoteWrite = (ts: number, shards: number, hits: number) =>
  remoteWriteBody([
    ...Array.from({ length: shards }, (_, i) => ({
      labels: { __name__: "shardwatch_shard_qps", cluster: "orders", shard: `s-${i}`, node: `db-${i % 3}` },
      samples: [[ts, i + ts / 1000]] as [number, number][],
    })),
    { labels: { __name__: "redis_keyspace_hits_total", instance: "redis-1" }, samples: [[ts, hits]] },
    { labels: { __name__: "go_goroutines" }, samples: [[ts, 1]] },
  ]);

describe("push decode threads", () => {
  let decoder: PushDecoder | undefined;
  afterEach(async () => {
    await decoder?.stop();
    decoder = undefined;
  });

  it("answers as decoding in-process does, many requests at once on two threads without mixing them up", async () => {
    decoder = new PushDecoder(2);
    expect(decoder.threadCount).toBe(2);
    const bodies = Array.from({ length: 24 }, (_, tag) => batch(200 + tag, tag));
    const answers = await Promise.all(bodies.map((b) => decoder!.decode(b, NOW, SKEW)));
    answers.forEach((a, tag) => expect(a).toEqual(decodePush(bodies[tag]!, NOW, SKEW)));
    expect(answers[5]!.shards!.labels[0]).toBe("c5");
    expect(decoder.threadCount).toBe(2);
  }, 30_000);

  it("passes a thread's refusals on as the same 400 and 422, with every named issue", async () => {
    decoder = new PushDecoder(1);
    await expect(decoder.decode(Buffer.from([0x7b, 0xc3, 0x28, 0x7d]), NOW, SKEW)).rejects.toThrow(BadRequestError);
    const bad = Buffer.from(JSON.stringify({ samples: [{ type: "shard", cluster: "c", shard: "s", node: "n", ts: NOW, qps: -1, cpu: 2 }] }));
    const err = await decoder.decode(bad, NOW, SKEW).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ValidationError);
    expect((err as ValidationError).status).toBe(422);
    expect((err as ValidationError).issues?.map((i) => i.path).sort()).toEqual(["samples[0].cpu", "samples[0].qps"]);
    expect(decoder.threadCount).toBe(1); // a refusal is an answer, not a failure of the thread
  }, 30_000);

  it("decodes in-process when a thread dies, losing no request", async () => {
    const counts: number[] = [];
    decoder = new PushDecoder(
      1,
      () => new Worker("setTimeout(() => process.exit(3), 50)", { eval: true }),
      (n) => counts.push(n),
    );
    const body = batch(50, 1);
    const answer = await decoder.decode(body, NOW, SKEW); // sent to the thread, which exits without answering
    expect(answer).toEqual(decodePush(body, NOW, SKEW));
    expect(decoder.threadCount).toBe(0);
    await new Promise((r) => setImmediate(r));
    expect(counts).toEqual([1, 0]); // what /metrics shows as shardwatch_ingest_decode_threads
    expect((await decoder.decode(body, NOW, SKEW)).count).toBe(50);
  }, 30_000);

  it("decodes and maps remote_write on the first thread, as in-process, keeping counters across requests", async () => {
    decoder = new PushDecoder(2);
    const here = createPromMapper();
    for (let i = 0; i < 3; i++) {
      const body = remoteWrite(NOW - 20_000 + i * 5_000, 40, 1000 + i * 500);
      const answer = await decoder.decodeRemoteWrite(body, NOW, SKEW);
      const expected = remoteWriteBatch(here, body, NOW, SKEW);
      expect({ ...answer, wal: Buffer.from(answer.wal) }).toEqual({ ...expected, wal: Buffer.from(expected.wal) });
      // The cache node's hit rate is known from the second request on: the thread kept the first point.
      expect(answer.batch.others).toEqual(i === 0 ? [] : [expect.objectContaining({ type: "cache", node: "redis-1", hitsPerSec: 100 })]);
      expect(answer).toMatchObject({ unmapped: 1, outOfWindow: 0, skipped: 0 });
      expect(answer.batch.shards!.ts).toHaveLength(40);
    }
    await expect(decoder.decodeRemoteWrite(Buffer.from("{}"), NOW, SKEW)).rejects.toThrow(BadRequestError);
  }, 30_000);

  it("sends every remote_write to the first thread, JSON pushes to either", async () => {
    // Stand-in threads that answer with their own number: which thread (or none) did the work shows.
    let started = 0;
    const numbered = () =>
      new Worker(
        `const { parentPort, workerData } = require("node:worker_threads");
         parentPort.on("message", ({ id, kind }) => parentPort.postMessage({ id, ok: { kind, thread: workerData } }));`,
        { eval: true, workerData: started++ },
      );
    decoder = new PushDecoder(2, numbered);
    const writes = await Promise.all(Array.from({ length: 8 }, () => decoder!.decodeRemoteWrite(remoteWrite(NOW, 3, 1), NOW, SKEW)));
    expect(writes.map((w) => (w as unknown as { thread: number }).thread)).toEqual(Array(8).fill(0));
    const pushes = await Promise.all(Array.from({ length: 8 }, () => decoder!.decode(batch(5, 1), NOW, SKEW)));
    expect(new Set(pushes.map((p) => (p as unknown as { thread: number }).thread))).toEqual(new Set([0, 1]));
  }, 30_000);

  it("maps remote_write with the mapping it was given, on the thread as in-process", async () => {
    const mapping = ZPromMappingConfig.parse({
      labels: { cluster: { default: "mapped" } },
      rules: [{ metric: "shardwatch_shard_qps", type: "shard", field: "iops" }],
    });
    const body = remoteWrite(NOW, 2, 1);
    for (const threads of [1, 0]) {
      decoder = new PushDecoder(threads, undefined, undefined, mapping);
      const answer = await decoder.decodeRemoteWrite(body, NOW, SKEW);
      expect(answer.unmapped).toBe(2); // the hits counter and go_goroutines have no rule here
      expect(decodeWalRecord(answer.wal)).toEqual(answer.batch); // the write-ahead log replays what is applied
      const { labels, idx, values } = answer.batch.shards!;
      expect([0, 1].map((i) => [labels[idx[i * 3]!], labels[idx[i * 3 + 1]!], values[i * 5 + 3]])).toEqual([
        ["orders", "s-0", NOW / 1000], // cluster, shard, iops
        ["orders", "s-1", 1 + NOW / 1000],
      ]);
      await decoder.stop();
    }
  }, 30_000);

  it("maps remote_write in-process when the first thread dies, losing no request", async () => {
    decoder = new PushDecoder(1, () => new Worker("setTimeout(() => process.exit(3), 50)", { eval: true }));
    const body = remoteWrite(NOW, 5, 7);
    const answer = await decoder.decodeRemoteWrite(body, NOW, SKEW);
    expect(answer.batch.count).toBe(5);
    expect(decoder.threadCount).toBe(0);
  }, 30_000);

  it("decodes in-process with no threads configured", async () => {
    decoder = new PushDecoder(0);
    expect(decoder.threadCount).toBe(0);
    expect((await decoder.decode(batch(10, 2), NOW, SKEW)).count).toBe(10);
  });
});
