// npm run bench:webhooks: 10,000 events to a loopback receiver that answers 500 to the first two
// attempts of every webhook-id, dedups by webhook-id, and acks the third. Prints delivered, duplicates,
// lost, and the delay from each event's third attempt becoming due (its recovery) to the receiver's ack.
// EVENTS, RUNS, BACKEND (pglite | postgres | both), BASE_MS (retry base), CONCURRENCY are settable.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { SYSTEM_ACTOR } from "@/lib/auth/actor";
import { loadMigrations, migrate, openDatabase, type TDatabase } from "@/lib/db";
import { createWebhook, publishEvent, WebhookDeliverer } from "@/lib/webhooks";
import { median } from "./lib/server";

const ADMIN_URL = process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const EVENTS = Number(process.env.EVENTS ?? 10_000);
const RUNS = Number(process.env.RUNS ?? 3);
const BACKEND = process.env.BACKEND ?? "both";
const BASE_MS = Number(process.env.BASE_MS ?? 1000);
const CONCURRENCY = Number(process.env.CONCURRENCY ?? 32);
const LIMIT_MS = Number(process.env.LIMIT_MS ?? 600_000);

function receiver() {
  const seen = new Map<string, number>();
  const acked = new Map<string, number>();
  let duplicates = 0;
  const server = http.createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      const id = String(req.headers["webhook-id"]);
      const n = (seen.get(id) ?? 0) + 1;
      seen.set(id, n);
      if (n <= 2) return void res.writeHead(500).end("not yet");
      if (acked.has(id)) duplicates++; // already acknowledged: a receiver dedups this one
      else acked.set(id, Date.now());
      res.writeHead(200).end("ok");
    });
  });
  return { server, seen, acked, duplicates: () => duplicates };
}

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;

async function runOnce(db: TDatabase) {
  const r = receiver();
  await new Promise<void>((ok) => r.server.listen(0, "127.0.0.1", ok));
  const url = `http://127.0.0.1:${(r.server.address() as AddressInfo).port}/hook`;
  const policy = { allowPrivate: false, allowLoopback: true };
  await createWebhook({ ctx: { db: db.prisma, actor: SYSTEM_ACTOR }, input: { name: "bench", url, eventTypes: ["alert.firing"] }, guard: { policy } });
  const t0 = performance.now();
  const ids: string[] = [];
  // Eight publishers at once, as several request handlers would (PGlite serializes them anyway).
  for (let i = 0; i < EVENTS; i += 8) {
    const n = Math.min(8, EVENTS - i);
    const batch = await Promise.all(Array.from({ length: n }, (_, j) => publishEvent(db.prisma, { type: "alert.firing", payload: { id: `a${i + j}`, summary: "bench" } })));
    ids.push(...batch.map((e) => e.id));
  }
  const publishS = (performance.now() - t0) / 1000;
  const started = performance.now();
  const deliverer = WebhookDeliverer.start({ db: db.prisma, policy, timeoutMs: 10_000, maxBytes: 65536, disableAfter: 1000, concurrency: CONCURRENCY, backoff: { baseMs: BASE_MS, capMs: 60_000 }, pollMs: 250 });
  while (r.acked.size < EVENTS && performance.now() - started < LIMIT_MS) await new Promise((ok) => setTimeout(ok, 50));
  const deliverS = (performance.now() - started) / 1000;
  // The last acks may still be on their way back to the deliverer: wait until it has recorded them.
  while ((await db.prisma.webhookDelivery.count({ where: { state: "pending" } })) > 0 && performance.now() - started < LIMIT_MS) {
    await new Promise((ok) => setTimeout(ok, 100));
  }
  await deliverer.stop();
  // Recovery of an event: when its third attempt became due (the retry time its second failure set).
  const due = await db.prisma.webhookAttempt.groupBy({ by: ["deliveryId"], where: { retryAt: { not: null } }, _max: { retryAt: true } });
  const deliveries = new Map((await db.prisma.webhookDelivery.findMany({ select: { id: true, eventId: true } })).map((d) => [d.id, d.eventId]));
  const delays = due.flatMap((g) => {
    const ack = r.acked.get(deliveries.get(g.deliveryId) ?? "");
    return ack && g._max.retryAt ? [Math.max(0, ack - g._max.retryAt.getTime())] : [];
  });
  delays.sort((a, b) => a - b);
  const delivered = await db.prisma.webhookDelivery.count({ where: { state: "delivered" } });
  await new Promise<void>((ok) => r.server.close(() => ok()));
  const lost = ids.filter((id) => !r.acked.has(id)).length;
  return { delivered, acked: r.acked.size, duplicates: r.duplicates(), lost, p50: pct(delays, 50), p95: pct(delays, 95), publishS, deliverS };
}

async function withBackend(name: string, fn: () => Promise<void>) {
  console.log(`\n${name}: ${EVENTS} events, retry base ${BASE_MS} ms, ${CONCURRENCY} in flight, ${RUNS} runs`);
  await fn();
}

async function runs(open: () => Promise<{ db: TDatabase; dispose: () => Promise<void> }>) {
  const results: Awaited<ReturnType<typeof runOnce>>[] = [];
  for (let i = 0; i < RUNS; i++) {
    const { db, dispose } = await open();
    try {
      const res = await runOnce(db);
      results.push(res);
      console.log(
        `  run ${i + 1}: delivered ${res.delivered}/${EVENTS} (receiver acks ${res.acked}), duplicates after ack ${res.duplicates}, lost ${res.lost}, ` +
          `delay after recovery p50 ${res.p50} ms p95 ${res.p95} ms, delivery ${res.deliverS.toFixed(1)} s (publish ${res.publishS.toFixed(1)} s)`,
      );
    } finally {
      await dispose();
    }
  }
  const m = (k: "p50" | "p95" | "deliverS" | "publishS") => median(results.map((r) => r[k]));
  console.log(`  median: p50 ${m("p50")} ms, p95 ${m("p95")} ms, delivery ${m("deliverS").toFixed(1)} s, publish ${m("publishS").toFixed(1)} s; lost (max) ${Math.max(...results.map((r) => r.lost))}`);
}

if (BACKEND !== "postgres") {
  await withBackend("PGlite (disk)", () =>
    runs(async () => {
      const dir = mkdtempSync(path.join(tmpdir(), "sw-bench-wh-"));
      const db = await openDatabase({ dataDir: dir });
      await migrate(db.sql, loadMigrations());
      return { db, dispose: async () => (await db.close(), rmSync(dir, { recursive: true, force: true })) };
    }),
  );
}
if (BACKEND !== "pglite") {
  await withBackend("PostgreSQL", () =>
    runs(async () => {
      const name = `sw_bench_wh_${process.pid}_${Date.now()}`;
      const admin = new pg.Client({ connectionString: ADMIN_URL });
      await admin.connect();
      await admin.query(`CREATE DATABASE ${name}`);
      await admin.end();
      const u = new URL(ADMIN_URL);
      u.pathname = `/${name}`;
      const db = await openDatabase({ url: u.toString(), dataDir: "unused", poolSize: 10 });
      await migrate(db.sql, loadMigrations());
      return {
        db,
        dispose: async () => {
          await db.close();
          const c = new pg.Client({ connectionString: ADMIN_URL });
          await c.connect();
          await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
          await c.end();
        },
      };
    }),
  );
}
