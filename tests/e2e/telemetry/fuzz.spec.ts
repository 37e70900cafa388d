import { gzipSync } from "node:zlib";
import { expect, test } from "@playwright/test";

// 10,000+ malformed or hostile bodies against the ingest endpoints, with valid batches between them:
// every bad one gets a 4xx naming the problem, the server never answers 5xx, and all valid data lands.
const TOKEN = process.env.E2E_BOOTSTRAP_TOKEN!;
const BASE = () => `http://127.0.0.1:${process.env.E2E_PORT}`;

function prng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type TCase = { path: string; body: Buffer; headers?: Record<string, string> };
const json = (v: unknown, path = "/api/v1/telemetry"): TCase => ({ path, body: Buffer.from(typeof v === "string" ? v : JSON.stringify(v)) });

function hostile(rand: () => number, i: number): TCase {
  const now = Date.now();
  const good = { type: "shard", cluster: "fuzz-bad", shard: `b-${i}`, node: "n", ts: now, qps: 1 };
  const pick = <T>(xs: T[]) => xs[Math.floor(rand() * xs.length)]!;
  const mutations: (() => TCase)[] = [
    () => json({ samples: [{ ...good, ts: String(now) }] }),
    () => json({ samples: [{ ...good, qps: pick(["NaN", "Infinity", "-1", null, true, {}, []]) }] }),
    () => json(`{"samples":[{"type":"shard","cluster":"c","shard":"s","node":"n","ts":${now},"qps":${pick(["1e400", "-1e400", "NaN", "Infinity"])}}]}`),
    () => json({ samples: [{ ...good, qps: -rand() * 1000 - 0.001 }] }),
    () => json({ samples: [{ ...good, cpu: 1 + rand() * 5 }] }),
    () => {
      const s: Record<string, unknown> = { ...good };
      delete s[pick(["type", "cluster", "shard", "node", "ts"])];
      return json({ samples: [s] });
    },
    () => json({ samples: [{ ...good, [pick(["cluster", "shard", "node"])]: "x".repeat(1_000_000) }] }),
    () => json({ samples: [{ ...good, cluster: pick(["", " lead", "a\nb", "tab\tin", "\u0000", "trail "]) }] }),
    () => json(`{"samples":${"[".repeat(5000 + Math.floor(rand() * 50_000))}${"]".repeat(10)}`),
    () => json({ samples: [{ ...good, ts: pick([now + 3_600_000, now - 90 * 86_400_000, 1_700_000, 0, -5, 1.5, 1e20]) }] }),
    () => ({ path: "/api/v1/telemetry", body: Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d]) }),
    () => ({ path: "/api/v1/telemetry", body: gzipSync(JSON.stringify({ samples: [good] })).subarray(0, 10 + Math.floor(rand() * 20)), headers: { "content-encoding": "gzip" } }),
    () => ({ path: "/api/v1/telemetry", body: Buffer.from(Array.from({ length: 64 }, () => Math.floor(rand() * 256))) }),
    () => ({ path: "/api/v1/write", body: Buffer.from(Array.from({ length: 1 + Math.floor(rand() * 512) }, () => Math.floor(rand() * 256))), headers: { "content-type": "application/x-protobuf", "content-encoding": "snappy" } }),
    () => json({ samples: [{ ...good, type: pick(["bogus", "SHARD", "", 7]) }] }),
    () => json({ samples: [{ ...good, extra: 1 }] }),
    () => json(pick([{}, { samples: [] }, { samples: null }, { samples: {} }, [], "samples", 42, null, { samples: [good], more: true }])),
    () => json(pick(["", " ", "{", "}", '{"samples":[', "null", "{'samples':[]}"])),
    () => json({ samples: [{ type: "cache", cluster: "c", node: "n", ts: now, hotKeys: [{ key: "", perSec: 1 }] }] }),
    () => json({ samples: [{ type: "replica", cluster: "c", shard: "s", ts: now, lagSeconds: 1 }] }),
    () => ({ ...json({ samples: [good] }), headers: { "content-encoding": pick(["br", "deflate", "x-evil"]) } }),
  ];
  return pick(mutations)();
}

async function send(c: TCase): Promise<{ status: number; body: string }> {
  const res = await fetch(BASE() + c.path, {
    method: "POST",
    headers: { authorization: `Bearer ${TOKEN}`, "content-type": "application/json", ...c.headers },
    body: new Uint8Array(c.body),
  });
  return { status: res.status, body: await res.text() };
}

test("[TELEMETRY] 10,000 hostile bodies: each a clear 4xx, no 5xx, valid batches between them all stored", async () => {
  test.setTimeout(300_000);
  const rand = prng(20261123);
  const bad = Array.from({ length: 10_000 }, (_, i) => hostile(rand, i));
  const big = { path: "/api/v1/telemetry", body: Buffer.alloc(6_000_000, 0x20) }; // over the 5 MB limit
  const cases: (TCase & { valid?: number })[] = [];
  bad.forEach((c, i) => {
    cases.push(c);
    if (i % 100 === 0) {
      const now = Date.now();
      cases.push({ ...json({ samples: [{ type: "shard", cluster: "fuzz-ok", shard: `v-${i / 100}`, node: "n", ts: now, qps: i }] }), valid: i / 100 });
    }
    if (i % 2500 === 0) cases.push(big);
  });
  const statuses = new Map<number, number>();
  const fiveHundreds: string[] = [];
  let accepted = 0;
  let next = 0;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (next < cases.length) {
        const c = cases[next++]!;
        const { status, body } = await send(c);
        statuses.set(status, (statuses.get(status) ?? 0) + 1);
        if (c.valid !== undefined) {
          expect(status, body).toBe(202);
          accepted++;
          continue;
        }
        if (status >= 500) fiveHundreds.push(`${status} ${body.slice(0, 200)}`);
        expect([400, 413, 415, 422], `${status}: ${body.slice(0, 300)}`).toContain(status);
        const parsed = JSON.parse(body) as { error: { code: string; message: string } };
        expect(parsed.error.message.length).toBeGreaterThan(10);
      }
    }),
  );
  expect(fiveHundreds).toEqual([]);
  expect(accepted).toBe(100);
  const health = await fetch(`${BASE()}/api/health`);
  expect(health.status).toBe(200);
  const series = (await (await fetch(`${BASE()}/api/v1/series?cluster=fuzz-ok&metric=shard.qps`, { headers: { authorization: `Bearer ${TOKEN}` } })).json()) as {
    series: { labels: { shard: string } }[];
  };
  expect(series.series.map((s) => s.labels.shard).sort()).toEqual(Array.from({ length: 100 }, (_, i) => `v-${i}`).sort());
  const badSeries = (await (await fetch(`${BASE()}/api/v1/series?cluster=fuzz-bad`, { headers: { authorization: `Bearer ${TOKEN}` } })).json()) as { series: unknown[] };
  expect(badSeries.series).toEqual([]);
  console.log("fuzz statuses", Object.fromEntries(statuses));
});
