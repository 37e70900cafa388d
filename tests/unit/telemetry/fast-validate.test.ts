import { describe, expect, it } from "vitest";
import { fastValidSamples } from "@/lib/telemetry/fast-validate";
import { ZTelemetryBatch } from "@/lib/telemetry/sample";

// The hand-written fast path must never accept what zod refuses, and must return exactly zod's output
// when it accepts. Checked on seeded random bodies mixing valid values with every edge we know of.

function prng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const NOW = 1_800_000_000_000;
const LABELS: unknown[] = [
  ...["orders", "s-07", "db-3", "a", "x".repeat(128), "with inner space", "ünïcödé", "日本", "🔥hot", "🔥".repeat(128), "é".repeat(128)],
  ...["", " lead", "trail ", "a\nb", "tab\tin", "\u0000", "x\u007f", "\u0085x", "\u00a0nbsp", "nbsp\u00a0", "x".repeat(129), "🔥".repeat(129), "\ud800", "a\ud800b"],
  ...[7, null, true, [], {}, undefined],
];
const RATES: unknown[] = [0, -0, 1, 12.5, 1e308, 3400, -1e-9, -1, NaN, Infinity, -Infinity, "1", null, true, [], undefined];
const FRACTIONS: unknown[] = [0, -0, 0.5, 1, 1.0000001, -0.1, NaN, "0.5", null];
const TIMES: unknown[] = [NOW, NOW + 1, 1, 2 ** 53 - 1, 2 ** 53, 2 ** 53 + 2, 1.5, 0, -5, NaN, Infinity, "123", null];
const STRINGS: unknown[] = ["", "a", "x".repeat(512), "x".repeat(513), "🔥".repeat(300), 5, null];

function gen(rand: () => number) {
  const pick = <T>(xs: T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const good = rand() < 0.6; // most values valid, so whole batches often are
  const label = () => (good || rand() < 0.8 ? pick(LABELS.slice(0, 5)) : pick(LABELS));
  const rate = () => (good || rand() < 0.8 ? pick(RATES.slice(0, 6)) : pick(RATES));
  const fraction = () => (good || rand() < 0.8 ? pick(FRACTIONS.slice(0, 4)) : pick(FRACTIONS));
  const ts = () => (good || rand() < 0.8 ? pick(TIMES.slice(0, 4)) : pick(TIMES));
  const maybe = (o: Record<string, unknown>, k: string, v: () => unknown) => rand() < 0.7 && (o[k] = v());
  const hotKey = () => (rand() < 0.9 ? { key: pick(["user:42", "k", ...STRINGS.slice(0, 4)]), perSec: rate() } : pick<unknown>([{ key: "k" }, { key: "k", perSec: 1, x: 1 }, "k", null]));

  function sample(): unknown {
    const type = pick(["shard", "replica", "cache", ...(good ? [] : ["SHARD", "", 7])]);
    const s: Record<string, unknown> = { type, cluster: label(), ts: ts() };
    if (type === "shard" || !good) {
      s.shard = label();
      s.node = label();
      for (const k of ["qps", "p99Ms", "iops"]) maybe(s, k, rate);
      for (const k of ["cpu", "errorRate"]) maybe(s, k, fraction);
      if (rand() < 0.2) s.keyRange = rand() < 0.7 ? { start: pick(STRINGS), end: pick(STRINGS) } : pick<unknown>([{ start: "a" }, { start: "a", end: "b", x: 1 }, "a-b", null]);
    } else if (type === "replica") {
      s.shard = label();
      s.replica = label();
      maybe(s, "node", label);
      maybe(s, "lagSeconds", rate);
    } else {
      s.node = label();
      for (const k of ["hitsPerSec", "missesPerSec", "evictionsPerSec"]) maybe(s, k, rate);
      if (rand() < 0.3) s.hotKeys = rand() < 0.9 ? Array.from({ length: Math.floor(rand() * 4) }, hotKey) : pick<unknown>([Array.from({ length: 101 }, () => ({ key: "k", perSec: 1 })), "k", [, ,]]);
    }
    if (!good && rand() < 0.2) delete s[pick(Object.keys(s))];
    if (!good && rand() < 0.1) s[pick(["extra", "Qps", "constructor"])] = 1;
    return s;
  }

  const samples = Array.from({ length: 1 + Math.floor(rand() * 4) }, sample);
  if (good || rand() < 0.8) return { samples };
  return pick<unknown>([{ samples, more: true }, { samples: [] }, { samples: {} }, samples, null, "samples", { samples: [null] }]);
}

describe("fastValidSamples", () => {
  it("agrees with ZTelemetryBatch on 30,000 random bodies, as given and after a JSON round trip", () => {
    const rand = prng(20261123);
    let zodAccepted = 0;
    let fastAccepted = 0;
    for (let i = 0; i < 15_000; i++) {
      const raw = gen(rand);
      const text = JSON.stringify(raw);
      for (const body of [raw, text === undefined ? raw : (JSON.parse(text) as unknown)]) {
        const fast = fastValidSamples(body);
        const slow = ZTelemetryBatch.safeParse(body);
        if (slow.success) zodAccepted++;
        if (fast === undefined) continue;
        fastAccepted++;
        expect(slow.success, JSON.stringify(body)).toBe(true);
        expect(fast).toEqual(slow.data!.samples);
      }
    }
    // Both outcomes are exercised, and the fast path serves most of what zod accepts.
    expect(zodAccepted).toBeGreaterThan(5_000);
    expect(zodAccepted).toBeLessThan(25_000);
    expect(fastAccepted / zodAccepted).toBeGreaterThan(0.8);
  });

  it.each([
    ["an own __proto__ key", `{"samples":[{"type":"shard","cluster":"c","shard":"s","node":"n","ts":${NOW},"__proto__":{"qps":1}}]}`],
    ["an unknown top-level key", `{"samples":[{"type":"cache","cluster":"c","node":"n","ts":${NOW}}],"x":1}`],
    ["a label with a trailing tab", `{"samples":[{"type":"cache","cluster":"c\\t","node":"n","ts":${NOW}}]}`],
    ["an unsafe integer time", `{"samples":[{"type":"cache","cluster":"c","node":"n","ts":9007199254740993}]}`],
  ])("leaves %s to zod, which refuses it", (_name, text) => {
    const body = JSON.parse(text) as unknown;
    expect(fastValidSamples(body)).toBeUndefined();
    expect(ZTelemetryBatch.safeParse(body).success).toBe(false);
  });

  it("serves a typical push batch without zod, returning its samples", () => {
    const samples = Array.from({ length: 1000 }, (_, i) => ({ type: "shard", cluster: "bench", shard: `s-${i}`, node: `db-${i % 50}`, ts: NOW, qps: 1000 + i, p99Ms: 12.5, cpu: 0.4, iops: 300, errorRate: 0.001 }));
    expect(fastValidSamples({ samples })).toBe(samples);
  });
});
