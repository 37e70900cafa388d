import { Worker } from "node:worker_threads";
import { afterEach, describe, expect, it } from "vitest";
import { BadRequestError, ValidationError } from "@/lib/errors";
import { decodePush } from "@/lib/telemetry/push-decode";
import { PushDecoder } from "@/lib/telemetry/push-decode-pool";

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
    decoder = new PushDecoder(1, () => new Worker("setTimeout(() => process.exit(3), 50)", { eval: true }), (n) => counts.push(n));
    const body = batch(50, 1);
    const answer = await decoder.decode(body, NOW, SKEW); // sent to the thread, which exits without answering
    expect(answer).toEqual(decodePush(body, NOW, SKEW));
    expect(decoder.threadCount).toBe(0);
    await new Promise((r) => setImmediate(r));
    expect(counts).toEqual([1, 0]); // what /metrics shows as shardwatch_ingest_decode_threads
    expect((await decoder.decode(body, NOW, SKEW)).count).toBe(50);
  }, 30_000);

  it("decodes in-process with no threads configured", async () => {
    decoder = new PushDecoder(0);
    expect(decoder.threadCount).toBe(0);
    expect((await decoder.decode(batch(10, 2), NOW, SKEW)).count).toBe(10);
  });
});
