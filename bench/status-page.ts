// npm run bench:status: time to first byte of the public status page, summary.json and the Atom
// feed on the production build (run `npm run build` first), with a lived-in page: 6 components and
// 23 published notices with updates (bench/lib/status-seed.ts), seeded through Prisma into the
// embedded database before the server starts (simulator off, so nothing else competes).
//
//  - Warm: ROUNDS rounds of REQUESTS GETs per route, sequential and then CONCURRENCY at a time, over
//    keep-alive; TTFB is the time until the response headers arrive (Next sends them with the first
//    chunk). Figures are the median over rounds of each round's p50/p95/p99. Peers: /api/health, /sign-in.
//  - Cold: the first request of each route after a fresh start (empty cache, as right after a
//    statusChanged(); this also includes loading the route's module), median over COLD_STARTS starts;
//    and the database reads alone (getPublicStatus, getPublicFeed) in process, median of 20.
import http from "node:http";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { loadMigrations, migrate, openDatabase } from "@/lib/db";
import { getPublicFeed } from "@/lib/status/public/get-public-feed";
import { getPublicStatus } from "@/lib/status/public/get-public-status";
import { median, quantile, startShardwatch } from "./lib/server";
import { seedStatusPage } from "./lib/status-seed";

const ROUNDS = Number(process.env.ROUNDS ?? 3);
const REQUESTS = Number(process.env.REQUESTS ?? 500);
const CONCURRENCY = Number(process.env.CONCURRENCY ?? 8);
const COLD_STARTS = Number(process.env.COLD_STARTS ?? 3);
// Peers: /api/health (the cheapest route) and /sign-in (the smallest page: Next's own floor for a dynamic page).
const ROUTES = ["/status", "/api/v1/status/summary.json", "/status/feed.atom", "/api/health", "/sign-in"];

const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });

/** One GET: ms until the headers arrive, and until the body has been read. */
function get(url: string): Promise<{ ttfb: number; total: number; status: number; cache: string }> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    http
      .get(url, { agent }, (res) => {
        const ttfb = performance.now() - t0;
        res.resume();
        res.on("end", () => resolve({ ttfb, total: performance.now() - t0, status: res.statusCode ?? 0, cache: String(res.headers["x-nextjs-cache"] ?? "-") }));
      })
      .on("error", reject);
  });
}

// How each warm response was served (x-nextjs-cache: HIT from the full-page cache, "-" when rendered per request).
const served = new Map<string, Map<string, number>>();

async function round(url: string, concurrency: number): Promise<number[]> {
  const ttfbs: number[] = [];
  let tally = served.get(url);
  if (!tally) served.set(url, (tally = new Map<string, number>()));
  let next = 0;
  const worker = async () => {
    while (next++ < REQUESTS) {
      const r = await get(url);
      if (r.status !== 200) throw new Error(`${r.status} for ${url}`);
      ttfbs.push(r.ttfb);
      tally.set(r.cache, (tally.get(r.cache) ?? 0) + 1);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return ttfbs.sort((a, b) => a - b);
}

async function measure(url: string, concurrency: number) {
  const rounds: number[][] = [];
  for (let r = 0; r < ROUNDS; r++) rounds.push(await round(url, concurrency));
  const pick = (q: number) => median(rounds.map((ms) => quantile(ms, q)));
  return { p50: pick(0.5), p95: pick(0.95), p99: pick(0.99) };
}

const fmt = (ms: number) => ms.toFixed(2).padStart(7);

async function seededDir(): Promise<{ dir: string; loadMs: { status: number; feed: number } }> {
  const dir = mkdtempSync(path.join(tmpdir(), "sw-bench-status-"));
  const db = await openDatabase({ dataDir: dir });
  await migrate(db.sql, loadMigrations());
  const seeded = await seedStatusPage(db);
  const time = async (fn: () => Promise<unknown>) => {
    const ms: number[] = [];
    for (let i = 0; i < 20; i++) {
      const t = performance.now();
      await fn();
      ms.push(performance.now() - t);
    }
    return median(ms);
  };
  const loadMs = { status: await time(() => getPublicStatus({ ctx: { db: db.prisma } })), feed: await time(() => getPublicFeed({ ctx: { db: db.prisma } })) };
  await db.close();
  console.log(`seeded ${seeded.components} components, ${seeded.notices} notices (PGlite)`);
  return { dir, loadMs };
}

const { dir, loadMs } = await seededDir();
try {
  console.log(`\ncold database reads in process (median of 20): getPublicStatus ${loadMs.status.toFixed(1)} ms, getPublicFeed ${loadMs.feed.toFixed(1)} ms`);
  const cold: Record<string, number[]> = {};
  for (let s = 0; s < COLD_STARTS; s++) {
    const server = await startShardwatch({ SHARDWATCH_DATA_DIR: dir, SHARDWATCH_SIMULATOR: "off" });
    try {
      for (const route of ROUTES.slice(0, 3)) (cold[route] ??= []).push((await get(server.url + route)).ttfb);
      if (s === COLD_STARTS - 1) {
        for (const route of ROUTES) for (let i = 0; i < 50; i++) await get(server.url + route); // warm up
        console.log(`\nwarm TTFB in ms, median over ${ROUNDS} rounds of ${REQUESTS} requests`);
        console.log(`${"route".padEnd(30)} ${"conc".padStart(4)} ${"p50".padStart(7)} ${"p95".padStart(7)} ${"p99".padStart(7)}`);
        for (const route of ROUTES) {
          for (const c of [1, CONCURRENCY]) {
            const m = await measure(server.url + route, c);
            console.log(`${route.padEnd(30)} ${String(c).padStart(4)} ${fmt(m.p50)} ${fmt(m.p95)} ${fmt(m.p99)}`);
          }
        }
        const pageServed = [...(served.get(`${server.url}/status`) ?? [])].map(([how, n]) => `${how} ${n}`).join(", ");
        console.log(`\nwarm /status served as (x-nextjs-cache): ${pageServed}`);
      }
    } finally {
      await server.stop();
    }
  }
  console.log(`\ncold TTFB in ms (first request after start, empty cache), median over ${COLD_STARTS} starts`);
  for (const [route, ms] of Object.entries(cold)) console.log(`${route.padEnd(30)} ${fmt(median(ms))}`);
} finally {
  agent.destroy();
  rmSync(dir, { recursive: true, force: true });
}
