import { describe, expect, it } from "vitest";
import { AppError, RateLimitedError } from "@/lib/errors";
import { setRuntime, type TRuntime } from "@/lib/runtime";
import { IngestAdmission } from "@/lib/telemetry/admission";
import { toColumns, type TDecodedPush } from "@/lib/telemetry/push-decode";
import { PushDecoder } from "@/lib/telemetry/push-decode-pool";
import { receiveRemoteWrite } from "@/lib/telemetry/prom/receive";
import { decodeRemoteWrite, labelSetsKept, REMOTE_WRITE_LIMITS, type TRemoteWriteLimits } from "@/lib/telemetry/prom/remote-write";
import { decodeSnappyBlock } from "@/lib/telemetry/prom/snappy";
import { decodeWalRecord } from "@/lib/telemetry/wal-record";
import { remoteWriteSchema, snappy, writeRequest } from "../../remote-write-body";

// Payloads are encoded with protobufjs and snappyjs (tests/remote-write-body.ts), independent of the decoder under test.
const FatRequest = remoteWriteSchema.lookupType("prometheus.FatRequest");
const T0 = 1_763_812_800_000;
const STALE_NAN = Buffer.from("7ff0000000000002", "hex").readDoubleBE(0);

function decodeError(body: Uint8Array, limits?: TRemoteWriteLimits): AppError {
  try {
    decodeRemoteWrite(body, limits);
  } catch (err) {
    if (err instanceof AppError) return err;
    throw err;
  }
  throw new Error("expected the body to be refused");
}

// A tiny deterministic PRNG so that fuzz failures reproduce.
function prng(seed: number) {
  return () => (seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32;
}

describe("decodeRemoteWrite", () => {
  it("decodes names, labels, values and millisecond timestamps of real WriteRequests", () => {
    const body = snappy(
      writeRequest(
        [
          {
            labels: { __name__: "shardwatch_shard_qps", cluster: "orders", shard: "s-07", node: "db-3" },
            samples: [
              [T0, 1200],
              [T0 + 1000, 1250.5],
            ],
          },
          {
            labels: { __name__: "redis_keyspace_hits_total", instance: "redis-1:9121", empty: "" },
            samples: [
              [T0, 7],
              [-5, -1.5],
              [253_402_300_799_000, 3],
            ],
            exemplars: [{ labels: [{ name: "trace_id", value: "abc" }], value: 1, timestamp: T0 }],
          },
        ],
        { metadata: [{ type: 1, metricFamilyName: "shardwatch_shard_qps", help: "queries per second" }] },
      ),
    );
    const { series, samples, skipped } = decodeRemoteWrite(body);
    expect({ samples, skipped }).toEqual({ samples: 5, skipped: 0 });
    expect(series.map((s) => ({ ...s, labels: { ...s.labels } }))).toEqual([
      {
        name: "shardwatch_shard_qps",
        labels: { cluster: "orders", shard: "s-07", node: "db-3" },
        points: [
          { ts: T0, value: 1200 },
          { ts: T0 + 1000, value: 1250.5 },
        ],
        stable: true,
      },
      {
        name: "redis_keyspace_hits_total",
        labels: { instance: "redis-1:9121" },
        points: [
          { ts: T0, value: 7 },
          { ts: -5, value: -1.5 },
          { ts: 253_402_300_799_000, value: 3 },
        ],
        stable: true,
      },
    ]);
  });

  it("decodes every label exactly, also past the string cache's size and across requests", () => {
    const many = Array.from({ length: 20_000 }, (_, i) => ({
      labels: { __name__: "m", shard: `s-${String(i).padStart(6, "0")}`, node: "ü-🙂" },
      samples: [[T0, i]] as [number, number][],
    }));
    const body = snappy(writeRequest(many));
    for (let round = 0; round < 2; round++) {
      const { series } = decodeRemoteWrite(body);
      expect(series.every((s, i) => s.labels.shard === `s-${String(i).padStart(6, "0")}` && s.labels.node === "ü-🙂")).toBe(true);
    }
  });

  it("shares one labels object per series across requests, and copies it for a label after the samples", () => {
    const qps = { __name__: "shardwatch_shard_qps", cluster: "orders", shard: "s-07" };
    const first = decodeRemoteWrite(snappy(writeRequest([{ labels: qps, samples: [[T0, 1]] }]))).series[0]!;
    const again = decodeRemoteWrite(snappy(writeRequest([{ labels: qps, samples: [[T0 + 1000, 2]] }]))).series[0]!;
    expect(again.labels).toBe(first.labels);
    expect(again.points).toEqual([{ ts: T0 + 1000, value: 2 }]);
    expect(again.stable).toBe(true);
    // Label order is part of the bytes: the same labels in another order are decoded on their own, equally.
    const reordered = decodeRemoteWrite(
      snappy(writeRequest([{ labels: { shard: "s-07", cluster: "orders", __name__: "shardwatch_shard_qps" }, samples: [[T0, 1]] }])),
    ).series[0]!;
    expect(reordered.labels).not.toBe(first.labels);
    expect({ ...reordered.labels }).toEqual({ ...first.labels });

    // protobufjs writes labels first; a hand-made series with a label after its sample is still decoded exactly.
    const raw = writeRequest([{ labels: qps, samples: [[T0, 1]] }]);
    const late = Buffer.from([0x0a, 0x0c, 0x0a, 0x04, ...Buffer.from("node"), 0x12, 0x04, ...Buffer.from("db-3")]);
    const series = Buffer.concat([raw.subarray(2), late]); // drop the WriteRequest's field key and length
    const body = Buffer.concat([Buffer.from([0x0a, series.length]), series]);
    const decoded = decodeRemoteWrite(snappy(body)).series[0]!;
    expect({ ...decoded.labels }).toEqual({ cluster: "orders", shard: "s-07", node: "db-3" });
    expect(decoded.stable).toBe(false);
    expect({ ...first.labels }).toEqual({ cluster: "orders", shard: "s-07" }); // the shared set is untouched
  });

  it("keeps no label set with an oversized key (unknown fields inside a label) or over the limits", () => {
    // A label with an unknown field of 64 KiB (protobuf allows it; the decoder skips it): a huge key.
    const fat = FatRequest.encode(
      FatRequest.fromObject({
        timeseries: [{ labels: [{ name: "__name__", value: "m", pad: Buffer.alloc(65_536) }], samples: [{ value: 1, timestamp: T0 }] }],
      }),
    ).finish();
    const before = labelSetsKept();
    expect(decodeRemoteWrite(snappy(Buffer.from(fat))).series.map((s) => s.name)).toEqual(["m"]);
    const long = snappy(writeRequest([{ labels: { __name__: "m", a: "x".repeat(200) }, samples: [[T0, 1]] }]));
    expect(decodeRemoteWrite(long).skipped).toBe(1);
    expect(labelSetsKept()).toBe(before);
    decodeRemoteWrite(snappy(writeRequest([{ labels: { __name__: "kept", a: `${T0}` }, samples: [[T0, 1]] }])));
    expect(labelSetsKept()).toBe(before + 1);
  });

  it("decides what fits per call's limits, also for a series decoded before", () => {
    const body = snappy(writeRequest([{ labels: { __name__: "m", a: "x".repeat(20) }, samples: [[T0, 1]] }]));
    expect(decodeRemoteWrite(body).series).toHaveLength(1);
    const strict = { ...REMOTE_WRITE_LIMITS, maxLabelLength: 10 };
    expect(decodeRemoteWrite(body, strict)).toMatchObject({ series: [], skipped: 1 });
    expect(decodeRemoteWrite(body).series).toHaveLength(1);
  });

  it("keeps NaN, infinities and stale markers for the mapper to skip", () => {
    const body = snappy(
      writeRequest([
        {
          labels: { __name__: "m" },
          samples: [
            [T0, NaN],
            [T0 + 1, Infinity],
            [T0 + 2, STALE_NAN],
          ],
        },
      ]),
    );
    const values = decodeRemoteWrite(body).series[0]!.points.map((p) => p.value);
    expect(values[0]).toBeNaN();
    expect(values[1]).toBe(Infinity);
    expect(values[2]).toBeNaN();
  });

  it("accepts an empty WriteRequest", () => {
    expect(decodeRemoteWrite(snappy(Buffer.alloc(0))).series).toEqual([]);
  });

  it("skips series with an over-long label or too many labels and keeps the rest", () => {
    const many = Object.fromEntries(Array.from({ length: 70 }, (_, i) => [`l${i}`, "v"]));
    const body = snappy(
      writeRequest([
        { labels: { __name__: "ok", a: "b" }, samples: [[T0, 1]] },
        { labels: { __name__: "long", a: "x".repeat(129) }, samples: [[T0, 1]] },
        { labels: { __name__: "many", ...many }, samples: [[T0, 1]] },
      ]),
    );
    const out = decodeRemoteWrite(body);
    expect(out.series.map((s) => s.name)).toEqual(["ok"]);
    expect(out.skipped).toBe(2);
  });
});

describe("hostile bodies are refused with a 4xx naming the problem", () => {
  const valid = writeRequest([{ labels: { __name__: "shardwatch_shard_qps", cluster: "orders" }, samples: [[T0, 1]] }]);
  const compressed = snappy(valid);
  const rand = prng(42);
  const garbage = Buffer.from(Array.from({ length: 512 }, () => Math.floor(rand() * 256)));
  // Snappy literal with a 4-byte length that is negative as int32: snappyjs 0.7 loops forever on it.
  const snappyjsHang = Buffer.from([0x0a, 0xfc, 0xfa, 0xff, 0xff, 0xff, 0, 0, 0, 0, 0]);
  const proto = (bytes: number[]) => snappy(Buffer.from(bytes));

  const cases: [string, Uint8Array, number, RegExp][] = [
    ["an empty body", Buffer.alloc(0), 400, /body is empty/],
    ["JSON sent to the wrong endpoint", Buffer.from('{"samples":[]}'), 400, /looks like JSON.*\/api\/v1\/telemetry/],
    ["random bytes", garbage, 400, /not valid snappy|not a valid remote_write/],
    ["truncated snappy", compressed.subarray(0, compressed.length - 5), 400, /cut off|runs past/],
    ["uncompressed protobuf", valid, 400, /not valid snappy|not a valid remote_write/],
    ["a declared length of 1 GB", Buffer.from([0x80, 0x80, 0x80, 0x80, 0x04, 0x00]), 413, /decompresses to 1073741824 bytes; the limit is/],
    ["a length preamble over 32 bits", Buffer.from([0xff, 0xff, 0xff, 0xff, 0xff, 0x01]), 400, /longer than 32 bits/],
    ["a back-reference before the start", Buffer.from([0x08, 0x01 | (0 << 2), 0x05]), 400, /back-reference/],
    ["data longer than declared", Buffer.from([0x01, 0x04, 0x61, 0x62]), 400, /longer than its declared 1 bytes/],
    ["the crafted literal that hangs snappyjs", snappyjsHang, 400, /cut off|runs past|longer than/],
    ["field number 0", proto([0x02, 0x00]), 400, /field number 0 is not allowed/],
    ["a group (wire type 3)", proto([0x0b]), 400, /wire type group start is not supported/],
    ["timeseries sent as a varint", proto([0x08, 0x01]), 400, /WriteRequest\.timeseries field 1 has wire type varint, expected length-delimited/],
    ["Sample.value sent as a varint", proto([0x0a, 0x04, 0x12, 0x02, 0x08, 0x01]), 400, /Sample\.value field 1 has wire type varint, expected 64-bit/],
    ["a huge field length", proto([0x0a, 0xff, 0xff, 0xff, 0xff, 0x0f]), 400, /claims 4294967295 bytes but only 0 remain/],
    ["a nested length past its parent", proto([0x0a, 0x02, 0x0a, 0x05, 0, 0, 0, 0, 0]), 400, /claims 5 bytes but only 0 remain/],
    ["a truncated double", proto([0x0a, 0x05, 0x12, 0x03, 0x09, 0x00, 0x00]), 400, /64-bit number is cut off/],
    ["a varint of 11 bytes", proto([0x0a, 0x0c, 0x12, 0x0a, 0x10, ...Array<number>(10).fill(0xff)]), 400, /cut off|longer than 10 bytes/],
  ];
  it.each(cases)("%s → %s", (_name, body, status, message) => {
    const err = decodeError(body);
    expect(err.status).toBe(status);
    expect(err.message).toMatch(message);
  });

  it("refuses more series or samples than the limits with 413", () => {
    const body = snappy(
      writeRequest(
        Array.from({ length: 5 }, (_, i) => ({
          labels: { __name__: `m${i}` },
          samples: [
            [T0, 1],
            [T0 + 1, 2],
          ],
        })),
      ),
    );
    expect(decodeError(body, { ...REMOTE_WRITE_LIMITS, maxSeries: 4 }).message).toMatch(/more than 4 series; lower queue_config.max_samples_per_send/);
    expect(decodeError(body, { ...REMOTE_WRITE_LIMITS, maxSamples: 9 }).message).toMatch(/more than 9 samples/);
    expect(decodeError(body, { ...REMOTE_WRITE_LIMITS, maxDecodedBytes: 10 }).status).toBe(413);
  });

  it("stops a single series of millions of samples at the sample limit (26 MB decoded, no ballooning)", () => {
    const sample = [0x12, 0x0b, 0x09, 0, 0, 0, 0, 0, 0, 0xf0, 0x3f, 0x10, 0x01]; // samples { value: 1, timestamp: 1 }
    const count = 2_000_000;
    const inner = Buffer.alloc(sample.length * count);
    for (let i = 0; i < count; i++) inner.set(sample, i * sample.length);
    const len: number[] = [];
    for (let n = inner.length; ; n = Math.floor(n / 128)) {
      len.push(n >= 0x80 ? (n % 128) | 0x80 : n);
      if (n < 0x80) break;
    }
    const body = snappy(Buffer.concat([Buffer.from([0x0a, ...len]), inner]));
    expect(body.length).toBeLessThan(REMOTE_WRITE_LIMITS.maxDecodedBytes / 10);
    const started = performance.now();
    expect(decodeError(body).message).toMatch(/more than 200000 samples/);
    expect(performance.now() - started).toBeLessThan(5_000);
  });

  it("never crashes or hangs on mutated payloads (seeded fuzz)", () => {
    const big = writeRequest(
      Array.from({ length: 20 }, (_, i) => ({ labels: { __name__: "shardwatch_shard_qps", shard: `s-${i}`, node: "db-3" }, samples: [[T0 + i, i]] })),
    );
    const seed = snappy(big);
    const next = prng(7);
    const started = performance.now();
    for (let i = 0; i < 3000; i++) {
      const body = Buffer.from(i % 2 ? seed : snappy(big));
      const flips = 1 + Math.floor(next() * 4);
      for (let f = 0; f < flips; f++) body[Math.floor(next() * body.length)] = Math.floor(next() * 256);
      const cut = next() < 0.2 ? body.subarray(0, Math.floor(next() * body.length)) : body;
      try {
        decodeRemoteWrite(cut);
      } catch (err) {
        expect(err).toBeInstanceOf(AppError);
        expect([400, 413]).toContain((err as AppError).status);
      }
    }
    expect(performance.now() - started).toBeLessThan(10_000);
  });
});

describe("decodeSnappyBlock", () => {
  const rand = prng(1);
  const inputs: [string, Buffer][] = [
    ["empty", Buffer.alloc(0)],
    ["random", Buffer.from(Array.from({ length: 70_000 }, () => Math.floor(rand() * 256)))],
    ["repetitive (overlapping copies)", Buffer.from("ab".repeat(40_000) + "xyz".repeat(9_000))],
    ["protobuf", writeRequest(Array.from({ length: 500 }, (_, i) => ({ labels: { __name__: "m", i: String(i) }, samples: [[T0 + i, i / 3]] })))],
  ];
  it.each(inputs)("round-trips %s data compressed by snappyjs", (_name, input) => {
    expect(decodeSnappyBlock(snappy(input), 1 << 20).equals(input)).toBe(true);
  });
});

describe("receiveRemoteWrite", () => {
  const now = T0 + 10_000;
  const ingested: TDecodedPush[] = [];
  const rejected: [string, string, number][] = [];
  const admission = new IngestAdmission(64, 64 << 20);
  const rt = {
    env: { SHARDWATCH_INGEST_MAX_BODY_BYTES: 5_000_000, SHARDWATCH_INGEST_MAX_PAST_SECONDS: 3600, SHARDWATCH_INGEST_MAX_FUTURE_SECONDS: 60 },
    telemetry: {
      admit: (_source: string, declared: number) => admission.enter(declared),
      decoder: new PushDecoder(0),
      // The write-ahead log's record replays to exactly the batch applied.
      ingest: async (batch: TDecodedPush, _source: string, wal: Buffer) => {
        expect(decodeWalRecord(wal)).toEqual(batch);
        ingested.push(batch);
        if (batch.count > 100) throw new RateLimitedError("The ingest queue is full", 1);
        return { accepted: batch.count };
      },
      noteRejected: (source: string, reason: string, count = 1) => void rejected.push([source, reason, count]),
    },
  } as unknown as TRuntime;
  setRuntime(Promise.resolve(rt));
  const post = (body: Uint8Array, headers: Record<string, string> = { "content-encoding": "snappy", "content-type": "application/x-protobuf" }) =>
    receiveRemoteWrite(rt, new Request("http://127.0.0.1/api/v1/write", { method: "POST", body: new Uint8Array(body), headers }), now);

  it("maps, drops samples outside the accepted time window, ingests the rest and counts what it dropped", async () => {
    const shard = { __name__: "shardwatch_shard_qps", cluster: "orders", shard: "s-07", node: "db-3" };
    const body = snappy(
      writeRequest([
        {
          labels: shard,
          samples: [
            [now - 7200_000, 1],
            [now - 1000, 2],
            [now + 120_000, 3],
          ],
        },
        { labels: { __name__: "go_goroutines", instance: "x" }, samples: [[now, 9]] },
      ]),
    );
    const outcome = await post(body);
    expect(outcome).toEqual({ accepted: 1, unmapped: 1, outOfWindow: 2, skipped: 0 });
    expect(ingested.at(-1)).toEqual(toColumns([{ type: "shard", cluster: "orders", shard: "s-07", node: "db-3", ts: now - 1000, qps: 2 }]));
    expect(rejected).toEqual(
      expect.arrayContaining([
        ["remote_write", "unmapped_series", 1],
        ["remote_write", "out_of_window", 2],
      ]),
    );
  });

  it("answers a full ingest queue with 503 and Retry-After, which Prometheus retries (a 429 it would drop)", async () => {
    const body = snappy(
      writeRequest(Array.from({ length: 101 }, (_, i) => ({ labels: { __name__: "shardwatch_shard_qps", shard: `s-${i}`, node: "n" }, samples: [[now, 1]] }))),
    );
    await expect(post(body)).rejects.toMatchObject({ status: 503, code: "unavailable", retryAfterSeconds: 1 });
  });

  const refused: [string, Record<string, string>, number, RegExp][] = [
    ["gzip", { "content-encoding": "gzip" }, 415, /Content-Encoding gzip is not supported/],
    [
      "remote write 2.0",
      { "content-encoding": "snappy", "content-type": "application/x-protobuf;proto=io.prometheus.write.v2.Request" },
      415,
      /Remote write 2.0 is not supported/,
    ],
  ];
  it.each(refused)("refuses %s with %s", async (_name, headers, status, message) => {
    await expect(post(snappy(Buffer.alloc(0)), headers)).rejects.toMatchObject({ status, message: expect.stringMatching(message) as unknown });
  });

  it("gives its admission back whatever the answer, and answers 503 before reading a body when too many are in flight", async () => {
    expect(admission.inFlight).toEqual({ requests: 0, bytes: 0 });
    const held = Array.from({ length: 64 }, () => admission.enter(1000));
    let pulled = false;
    const body = new ReadableStream<Uint8Array>({ pull: () => void (pulled = true) }, { highWaterMark: 0 });
    const req = new Request("http://127.0.0.1/api/v1/write", {
      method: "POST",
      body,
      duplex: "half",
      headers: { "content-encoding": "snappy" },
    } as RequestInit);
    await expect(receiveRemoteWrite(rt, req, now)).rejects.toMatchObject({
      status: 503,
      message: expect.stringMatching(/64 pushes are already being received/) as unknown,
    });
    expect(pulled).toBe(false);
    held.forEach((t) => t.release());
    expect(admission.inFlight).toEqual({ requests: 0, bytes: 0 });
  });
});
