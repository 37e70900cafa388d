import { describe, expect, it } from "vitest";
import { toColumns } from "@/lib/telemetry/push-decode";
import type { TSample } from "@/lib/telemetry/sample";
import { decodeWalRecord, encodeColumnsRecord, recordCount } from "@/lib/telemetry/wal-record";

const NOW = 1_760_000_000_000;
const mixed: TSample[] = [
  { type: "shard", cluster: "orders", shard: "s-1", node: "db-1", ts: NOW - 3000, qps: 10, p99Ms: 4, cpu: 0.5, iops: 30, errorRate: 0 },
  { type: "replica", cluster: "orders", shard: "s-1", replica: "r-1", ts: NOW - 3000, lagSeconds: 2 },
  { type: "shard", cluster: "orders", shard: "s-2", node: "db-1", ts: NOW - 3000, qps: 7 },
  { type: "cache", cluster: "orders", node: "c-1", ts: NOW - 3000, hitsPerSec: 9, hotKeys: [{ key: "ключ \u{1F525}", perSec: 1 }] },
  { type: "shard", cluster: "zürich", shard: "s-1", node: "db-2", ts: NOW - 1000, cpu: 0.25 },
];

/** The record as the WAL hands it back on replay: a view at an odd offset of a larger buffer. */
function inSegment(record: Uint8Array): Uint8Array {
  const segment = Buffer.alloc(record.length + 13, 0xaa);
  segment.set(record, 5);
  return segment.subarray(5, 5 + record.length);
}

describe("write-ahead log records", () => {
  it("gives back exactly the columns and other samples a binary record was made from, wherever it sits", () => {
    const decoded = toColumns(mixed);
    const back = decodeWalRecord(inSegment(encodeColumnsRecord(decoded)));
    expect(back).toEqual(decoded);
    expect(recordCount(back)).toBe(5);
    expect(Object.is((back as typeof decoded).shards!.values[6], NaN)).toBe(true); // a metric left out stays unknown
  });

  it("round-trips a batch without shard rows, and one with only shard rows", () => {
    const others = toColumns(mixed.filter((s) => s.type !== "shard"));
    expect(decodeWalRecord(encodeColumnsRecord(others))).toEqual(others);
    const shards = toColumns(mixed.filter((s) => s.type === "shard"));
    expect(decodeWalRecord(encodeColumnsRecord(shards))).toEqual(shards);
  });

  it("reads a JSON push body as it came, with or without a byte-order mark, and a JSON array of samples", () => {
    const body = JSON.stringify({ samples: mixed });
    expect(decodeWalRecord(Buffer.from(body))).toEqual(mixed);
    expect(decodeWalRecord(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(body)]))).toEqual(mixed);
    expect(decodeWalRecord(inSegment(Buffer.from(JSON.stringify(mixed))))).toEqual(mixed);
  });

  it("refuses a binary record whose lengths do not match, or of an unknown version", () => {
    const record = encodeColumnsRecord(toColumns(mixed));
    expect(() => decodeWalRecord(record.subarray(0, record.length - 1))).toThrow(/do not add up/);
    expect(() => decodeWalRecord(record.subarray(0, 10))).toThrow(/shorter than its header/);
    const future = record.slice();
    future[1] = 9;
    expect(() => decodeWalRecord(future)).toThrow(/version 9/);
  });

  it("refuses a binary record that does not hold together: a wrong count, a label index past its labels", () => {
    const decoded = toColumns(mixed);
    expect(() => decodeWalRecord(encodeColumnsRecord({ ...decoded, count: 6 }))).toThrow(/counts 6 samples but holds 5/);
    const short = { ...decoded, shards: { ...decoded.shards!, labels: decoded.shards!.labels.slice(0, 3) } };
    expect(() => decodeWalRecord(encodeColumnsRecord(short))).toThrow(/refers to label 3 of 3/);
  });
});
