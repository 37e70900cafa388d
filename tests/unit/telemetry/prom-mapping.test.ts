import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ConfigError } from "@/lib/env";
import { ZSample } from "@/lib/telemetry/sample";
import { CounterRates } from "@/lib/telemetry/prom/counter-rates";
import { createPromMapper, DEFAULT_PROM_MAPPING, loadPromMapping, ZPromMappingConfig } from "@/lib/telemetry/prom/mapping";
import type { TPromSeries } from "@/lib/telemetry/prom/types";

const T0 = 1_763_812_800_000;
const NOW = T0 + 5_000;
const STALE_NAN = Buffer.from("7ff0000000000002", "hex").readDoubleBE(0);
const SHARD = { cluster: "orders", shard: "s-07", node: "db-3" };

const series = (name: string, labels: Record<string, string>, ...points: [number, number][]): TPromSeries => ({
  name,
  labels,
  points: points.map(([ts, value]) => ({ ts, value })),
});

describe("gauges map to sample fields (default mapping)", () => {
  const cases: [string, Record<string, string>, Record<string, unknown>][] = [
    ["shardwatch_shard_qps", SHARD, { type: "shard", ...SHARD, qps: 1200 }],
    ["shardwatch_shard_p99_ms", SHARD, { type: "shard", ...SHARD, p99Ms: 1200 }],
    ["shardwatch_shard_iops", SHARD, { type: "shard", ...SHARD, iops: 1200 }],
    [
      "shardwatch_replica_lag_seconds",
      { cluster: "orders", shard: "s-07", replica: "r1" },
      { type: "replica", cluster: "orders", shard: "s-07", replica: "r1", lagSeconds: 1200 },
    ],
    [
      "shardwatch_replica_lag_seconds",
      { cluster: "orders", shard: "s-07", replica: "r1", node: "db-4" },
      { type: "replica", replica: "r1", node: "db-4", lagSeconds: 1200 },
    ],
    ["shardwatch_cache_hits_per_second", { cluster: "sessions", node: "c-2" }, { type: "cache", cluster: "sessions", node: "c-2", hitsPerSec: 1200 }],
    ["shardwatch_cache_misses_per_second", { cluster: "sessions", node: "c-2" }, { type: "cache", missesPerSec: 1200 }],
    ["shardwatch_cache_evictions_per_second", { cluster: "sessions", node: "c-2" }, { type: "cache", evictionsPerSec: 1200 }],
    [
      "pg_replication_lag_seconds",
      { instance: "pg-2:9187" },
      { type: "replica", cluster: "default", shard: "default", replica: "pg-2:9187", node: "pg-2:9187", lagSeconds: 1200 },
    ],
    ["pg_replication_lag", { cluster: "billing", shard: "b-1", instance: "pg-2:9187" }, { cluster: "billing", shard: "b-1", lagSeconds: 1200 }],
    [
      "mysql_slave_status_seconds_behind_master",
      { instance: "my-1:9104", replica: "my-1" },
      { type: "replica", replica: "my-1", node: "my-1:9104", lagSeconds: 1200 },
    ],
  ];
  it.each(cases)("%s %o", (name, labels, expected) => {
    const { samples, unmapped } = createPromMapper().map([series(name, labels, [T0, 1200])], NOW);
    expect(unmapped).toBe(0);
    expect(samples).toHaveLength(1);
    expect(samples[0]).toMatchObject({ ...expected, ts: T0 });
    expect(() => ZSample.parse(samples[0])).not.toThrow();
  });

  it("maps fractions, and refuses values outside a field's range as unmapped", () => {
    const mapper = createPromMapper();
    const ok = mapper.map([series("shardwatch_shard_cpu", SHARD, [T0, 0.71]), series("shardwatch_shard_error_rate", SHARD, [T0, 0.001])], NOW);
    expect(ok).toEqual({ samples: [{ type: "shard", ...SHARD, ts: T0, cpu: 0.71, errorRate: 0.001 }], unmapped: 0 });
    const bad = mapper.map([series("shardwatch_shard_cpu", SHARD, [T0, 71]), series("shardwatch_shard_qps", SHARD, [T0, -1])], NOW);
    expect(bad).toEqual({ samples: [], unmapped: 2 });
  });

  it("reads a negative replication lag (clock difference) as zero", () => {
    const { samples } = createPromMapper().map([series("pg_replication_lag", { instance: "pg-2" }, [T0, -0.2])], NOW);
    expect(samples[0]).toMatchObject({ lagSeconds: 0 });
  });
});

describe("merging", () => {
  it("puts fields of one shard at one timestamp into one sample, and keeps other times and shards apart", () => {
    const { samples } = createPromMapper().map(
      [
        series("shardwatch_shard_qps", SHARD, [T0, 1200], [T0 + 1000, 1300]),
        series("shardwatch_shard_p99_ms", SHARD, [T0, 14.2]),
        series("shardwatch_shard_qps", { ...SHARD, shard: "s-08" }, [T0, 50]),
      ],
      NOW,
    );
    expect(samples).toEqual([
      { type: "shard", ...SHARD, ts: T0, qps: 1200, p99Ms: 14.2 },
      { type: "shard", ...SHARD, ts: T0 + 1000, qps: 1300 },
      { type: "shard", ...SHARD, shard: "s-08", ts: T0, qps: 50 },
    ]);
  });

  it("takes the largest of several gauges and the sum of several counters for one field", () => {
    const mapper = createPromMapper();
    const lag = (instance: string, v: number) => series("shardwatch_replica_lag_seconds", { cluster: "o", shard: "s", replica: "r", instance }, [T0, v]);
    expect(mapper.map([lag("a", 1), lag("b", 3)], NOW).samples).toEqual([{ type: "replica", cluster: "o", shard: "s", replica: "r", ts: T0, lagSeconds: 3 }]);
    const hits = (db: string, v: number) => series("redis_keyspace_hits_total", { instance: "redis-1:9121", db }, [T0, 0], [T0 + 1000, v]);
    expect(mapper.map([hits("0", 10), hits("1", 5)], NOW).samples).toEqual([
      { type: "cache", cluster: "default", node: "redis-1:9121", ts: T0 + 1000, hitsPerSec: 15 },
    ]);
  });
});

describe("counters become per-second rates", () => {
  const hits = (...points: [number, number][]) => series("redis_keyspace_hits_total", { instance: "redis-1:9121", job: "redis" }, ...points);
  const rates = (result: { samples: unknown[] }) => result.samples.map((s) => (s as { hitsPerSec: number }).hitsPerSec);

  const cases: [string, [number, number][], number[]][] = [
    ["first point is unknown", [[T0, 100]], []],
    [
      "steady increase",
      [
        [T0, 100],
        [T0 + 2000, 300],
        [T0 + 4000, 700],
      ],
      [100, 200],
    ],
    [
      "a drop is a restart: rate = new value / dt",
      [
        [T0, 1000],
        [T0 + 2000, 40],
      ],
      [20],
    ],
    [
      "NaN / stale / Inf are skipped and restart the series",
      [
        [T0, 100],
        [T0 + 1000, STALE_NAN],
        [T0 + 2000, 300],
        [T0 + 3000, Infinity],
        [T0 + 4000, 400],
        [T0 + 5000, 500],
      ],
      [100],
    ],
    [
      "an out-of-order point gives nothing and changes nothing",
      [
        [T0, 100],
        [T0 + 2000, 300],
        [T0 + 1000, 200],
        [T0 + 3000, 400],
      ],
      [100, 100],
    ],
  ];
  it.each(cases)("%s", (_name, points, expected) => {
    expect(rates(createPromMapper().map([hits(...points)], NOW))).toEqual(expected);
  });

  it("keeps state across calls, and a batch resent after a 429 yields the same rates", () => {
    const mapper = createPromMapper();
    expect(rates(mapper.map([hits([T0, 100])], NOW))).toEqual([]);
    const batch = [hits([T0 + 1000, 150], [T0 + 2000, 250])];
    expect(rates(mapper.map(batch, NOW))).toEqual([50, 100]);
    expect(rates(mapper.map(batch, NOW))).toEqual([50, 100]);
  });

  it("forgets series not seen for 10 minutes", () => {
    const mapper = createPromMapper();
    mapper.map([hits([T0, 100])], NOW);
    mapper.map([], NOW + 10 * 60_000 + 1);
    expect(rates(mapper.map([hits([T0 + 700_000, 200])], NOW + 10 * 60_000 + 2))).toEqual([]);
  });

  it("bounds its memory by a series cap", () => {
    const state = new CounterRates(60_000, 100);
    for (let i = 0; i < 1000; i++) state.rate(`s${i}`, T0, 1, NOW);
    state.evict(NOW);
    expect(state.size).toBe(100);
    expect(state.rate("s999", T0 + 1000, 3, NOW)).toBe(2);
  });

  it("applies the scale factor after the rate", () => {
    const config = ZPromMappingConfig.parse({ rules: [{ metric: "bytes_total", type: "shard", field: "iops", kind: "counter", scale: 0.5 }] });
    const { samples } = createPromMapper(config).map([series("bytes_total", SHARD, [T0, 0], [T0 + 1000, 100])], NOW);
    expect(samples).toEqual([{ type: "shard", ...SHARD, ts: T0 + 1000, iops: 50 }]);
  });
});

describe("unmapped series", () => {
  const cases: [string, TPromSeries][] = [
    ["no rule for the metric", series("node_cpu_seconds_total", SHARD, [T0, 1])],
    ["no metric name", series("", SHARD, [T0, 1])],
    ["shard label missing", series("shardwatch_shard_qps", { cluster: "orders", node: "db-3" }, [T0, 1])],
    ["cache node missing", series("shardwatch_cache_hits_per_second", { cluster: "sessions" }, [T0, 1])],
    ["label with a control character", series("shardwatch_shard_qps", { ...SHARD, shard: "s\u00077" }, [T0, 1])],
  ];
  it.each(cases)("%s", (_name, s) => {
    expect(createPromMapper().map([s, series("shardwatch_shard_qps", SHARD, [T0, 1])], NOW)).toMatchObject({ unmapped: 1, samples: [{ qps: 1 }] });
  });

  it("skips NaN and infinite gauge values without counting them as unmapped", () => {
    const s = series("shardwatch_shard_qps", SHARD, [T0, NaN], [T0 + 1, Infinity], [T0 + 2, STALE_NAN], [T0 + 3, 5]);
    expect(createPromMapper().map([s], NOW)).toEqual({ samples: [{ type: "shard", ...SHARD, ts: T0 + 3, qps: 5 }], unmapped: 0 });
  });

  it("needs a cluster when the mapping has no default cluster", () => {
    const config = ZPromMappingConfig.parse({ rules: [{ metric: "q", type: "shard", field: "qps" }] });
    expect(createPromMapper(config).map([series("q", { shard: "s", node: "n" }, [T0, 1])], NOW)).toEqual({ samples: [], unmapped: 1 });
  });
});

describe("stable series (remote_write shares their labels objects)", () => {
  it("maps a stable series as any other, batch after batch, and its counter to rates", () => {
    const labels = { ...SHARD };
    const hits = { instance: "redis-1:9121", cluster: "sessions" };
    const mapper = createPromMapper();
    const batch = (ts: number, v: number) => [
      { ...series("shardwatch_shard_qps", labels, [ts, v]), stable: true },
      { ...series("redis_keyspace_hits_total", hits, [ts, v * 10]), stable: true },
      { ...series("node_cpu_seconds_total", labels, [ts, 1]), stable: true },
    ];
    expect(mapper.map(batch(T0, 1), NOW)).toMatchObject({ unmapped: 1, samples: [{ qps: 1, ts: T0 }] });
    expect(mapper.map(batch(T0 + 1000, 3), NOW)).toEqual({
      unmapped: 1,
      samples: [
        { type: "shard", ...SHARD, ts: T0 + 1000, qps: 3 },
        { type: "cache", cluster: "sessions", node: "redis-1:9121", ts: T0 + 1000, hitsPerSec: 20 },
      ],
    });
  });

  it("reads an unstable series' labels afresh each time, even as the same object", () => {
    const labels: Record<string, string> = { ...SHARD };
    const mapper = createPromMapper();
    expect(mapper.map([series("shardwatch_shard_qps", labels, [T0, 1])], NOW).samples).toMatchObject([{ shard: "s-07" }]);
    labels.shard = "s-08";
    expect(mapper.map([series("shardwatch_shard_qps", labels, [T0, 1])], NOW).samples).toMatchObject([{ shard: "s-08" }]);
  });
});

describe("loadPromMapping", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "sw-prom-mapping-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const file = (name: string, content: string) => {
    const p = path.join(dir, name);
    writeFileSync(p, content);
    return { SHARDWATCH_PROM_MAPPING_FILE: p };
  };

  it("uses the built-in mapping without the variable", () => {
    expect(loadPromMapping({})).toBe(DEFAULT_PROM_MAPPING);
  });

  it("adds file rules to the built-in ones, replacing those for the same metric", () => {
    const env = file(
      "ok.json",
      JSON.stringify({
        labels: { cluster: { default: "prod" } },
        rules: [
          { metric: "shardwatch_shard_qps", type: "shard", field: "qps", scale: 2 },
          { metric: "my_lag", type: "replica", field: "lagSeconds" },
        ],
      }),
    );
    const config = loadPromMapping(env);
    expect(config.rules).toHaveLength(DEFAULT_PROM_MAPPING.rules.length + 1);
    expect(config.labels.cluster).toEqual({ from: ["cluster"], default: "prod" });
    const { samples } = createPromMapper(config).map([series("shardwatch_shard_qps", { shard: "s", node: "n" }, [T0, 2])], NOW);
    expect(samples).toEqual([{ type: "shard", cluster: "prod", shard: "s", node: "n", ts: T0, qps: 4 }]);
  });

  it("replaces the built-in rules with includeDefaults: false", () => {
    const config = loadPromMapping(
      file("only.json", JSON.stringify({ includeDefaults: false, rules: [{ metric: "x", type: "cache", field: "hitsPerSec", kind: "counter" }] })),
    );
    expect(config.rules.map((r) => r.metric)).toEqual(["x"]);
  });

  const bad: [string, string, RegExp][] = [
    ["not JSON", "{rules:", /SHARDWATCH_PROM_MAPPING_FILE \(.*\) is not valid JSON/],
    [
      "a field the type lacks",
      JSON.stringify({ rules: [{ metric: "m", type: "shard", field: "qpps" }] }),
      /rules\[0\]\.field: "qpps" is not a shard field \(expected one of qps, p99Ms/,
    ],
    ["a bad metric name", JSON.stringify({ rules: [{ metric: "1bad", type: "cache", field: "hitsPerSec" }] }), /rules\[0\]\.metric: must be a Prometheus name/],
    [
      "a rule twice",
      JSON.stringify({
        rules: [
          { metric: "m", type: "cache", field: "hitsPerSec" },
          { metric: "m", type: "cache", field: "missesPerSec" },
        ],
      }),
      /rules\[1\]\.metric: "m" has more than one rule/,
    ],
    ["an unknown key", JSON.stringify({ rulez: [] }), /not a valid Prometheus mapping/],
  ];
  it.each(bad)("says what is wrong with %s", (_name, content, message) => {
    const env = file(`bad-${Math.random()}.json`, content);
    expect(() => loadPromMapping(env)).toThrow(ConfigError);
    expect(() => loadPromMapping(env)).toThrow(message);
  });

  it("says when the file cannot be read", () => {
    expect(() => loadPromMapping({ SHARDWATCH_PROM_MAPPING_FILE: path.join(dir, "missing.json") })).toThrow(
      /SHARDWATCH_PROM_MAPPING_FILE \(.*missing\.json\) cannot be read: ENOENT/,
    );
  });
});
