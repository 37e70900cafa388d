import { describe, expect, it } from "vitest";
import { BadRequestError, ValidationError } from "@/lib/errors";
import { applySample, applyShardColumns, type TVisit } from "@/lib/telemetry/apply-sample";
import { decodePush, toColumns } from "@/lib/telemetry/push-decode";
import { seriesKey } from "@/lib/telemetry/points";
import type { TSample } from "@/lib/telemetry/sample";
import { WindowStore } from "@/lib/telemetry/window-store";

const NOW = Date.now();
const SKEW = { maxPastMs: 3_600_000, maxFutureMs: 60_000 };
const body = (samples: unknown[]) => Buffer.from(JSON.stringify({ samples }));

const mixed: TSample[] = [
  { type: "shard", cluster: "orders", shard: "s-1", node: "db-1", ts: NOW - 3000, qps: 10, p99Ms: 4, cpu: 0.5, iops: 30, errorRate: 0 },
  { type: "replica", cluster: "orders", shard: "s-1", replica: "r-1", ts: NOW - 3000, lagSeconds: 2 },
  { type: "shard", cluster: "orders", shard: "s-2", node: "db-1", ts: NOW - 3000, qps: 7 },
  { type: "cache", cluster: "orders", node: "c-1", ts: NOW - 3000, hitsPerSec: 9, hotKeys: [{ key: "k", perSec: 1 }] },
  { type: "shard", cluster: "orders", shard: "s-1", node: "db-2", ts: NOW - 1000, cpu: 0.25 },
];

/** Every series' points and every visit, to compare two ways of applying the same samples. */
function snapshot(apply: (store: WindowStore, visit: TVisit, observed: unknown[]) => void) {
  const store = new WindowStore();
  const visits: [string, number, number][] = [];
  const observed: unknown[] = [];
  apply(store, (e, ts, v) => visits.push([e.key, ts, v]), observed);
  const series = [...store.series.values()].map((e) => [e.key, e.metric, e.labels, store.range(e.key, 0, Infinity)]);
  return { series, visits, observed, entities: [...store.entities.keys()], maxTs: store.maxTs };
}

describe("push decoding", () => {
  it("puts plain shard samples in columns, each label once, NaN for a metric left out, the rest as objects in order", () => {
    const d = toColumns(mixed);
    expect(d.count).toBe(5);
    expect(d.others.map((s) => s.type)).toEqual(["replica", "cache"]);
    expect(d.shards!.labels).toEqual(["orders", "s-1", "db-1", "s-2", "db-2"]);
    expect([...d.shards!.idx]).toEqual([0, 1, 2, 0, 3, 2, 0, 1, 4]);
    expect([...d.shards!.ts]).toEqual([NOW - 3000, NOW - 3000, NOW - 1000]);
    expect([...d.shards!.values]).toEqual([10, 4, 0.5, 30, 0, 7, NaN, NaN, NaN, NaN, NaN, NaN, 0.25, NaN, NaN]);
  });

  it("keeps every sample an object when one has a key range, so one shard's samples keep their order", () => {
    const withRange = [...mixed, { ...mixed[0]!, ts: NOW, keyRange: { start: "a", end: "m" } } as TSample];
    expect(toColumns(withRange)).toEqual({ count: 6, others: withRange });
  });

  it("applies columns exactly as applying the samples one by one: same points, rollup visits and topology", () => {
    const bySample = snapshot((store, visit, observed) => {
      // a shard's topology is registered from cluster, shard, node and time (never its metrics)
      for (const s of mixed) if (applySample(store, s, NOW, visit)) observed.push(s.type === "shard" ? { type: s.type, cluster: s.cluster, shard: s.shard, node: s.node, ts: s.ts } : s);
    });
    const byColumns = snapshot((store, visit, observed) => {
      const d = toColumns(mixed);
      for (const s of d.others) if (applySample(store, s, NOW, visit)) observed.push(s);
      applyShardColumns(store, d.shards!, NOW, visit, (s) => observed.push(s));
    });
    const sortByKey = (xs: unknown[]) => [...xs].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
    expect(sortByKey(byColumns.series)).toEqual(sortByKey(bySample.series));
    expect(sortByKey(byColumns.visits)).toEqual(sortByKey(bySample.visits));
    expect(sortByKey(byColumns.observed)).toEqual(sortByKey(bySample.observed));
    expect(byColumns.maxTs).toBe(bySample.maxTs);
    // s-1 moved from db-1 to db-2: its series carry the new node either way
    expect(byColumns.series.find((x) => x[0] === seriesKey("shard.cpu", "orders", "s-1"))?.[2]).toMatchObject({ node: "db-2" });
  });

  it("refuses invalid UTF-8, empty and malformed JSON with a 400 that says which", () => {
    expect(() => decodePush(Buffer.from([0x7b, 0xff, 0x7d]), NOW, SKEW)).toThrow(BadRequestError);
    expect(() => decodePush(Buffer.from([0x7b, 0xff, 0x7d]), NOW, SKEW)).toThrow("not valid UTF-8");
    expect(() => decodePush(Buffer.from("  "), NOW, SKEW)).toThrow("A JSON body is required");
    expect(() => decodePush(Buffer.from('{"samples":['), NOW, SKEW)).toThrow("not valid JSON");
  });

  it("names every bad item by its JSON path in a 422, the clock skew included", () => {
    const bad = body([{ ...mixed[0], qps: -1 }, mixed[1], { ...mixed[2], ts: NOW + 3_600_000 }]);
    let err: unknown;
    try {
      decodePush(bad, NOW, SKEW);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ValidationError);
    expect((err as ValidationError).issues?.map((i) => i.path)).toContain("samples[0].qps");
    const skewed = (() => {
      try {
        decodePush(body([mixed[1], { ...mixed[2], ts: NOW + 3_600_000 }]), NOW, SKEW);
      } catch (e) {
        return e as ValidationError;
      }
    })();
    expect(skewed?.issues?.map((i) => i.path)).toEqual(["samples[1].ts"]);
    expect(skewed?.issues?.[0]?.message).toContain("in the future");
  });

  it("drops a leading byte-order mark, as a decoder would", () => {
    const withBom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), body(mixed)]);
    expect(decodePush(withBom, NOW, SKEW).count).toBe(5);
  });
});
