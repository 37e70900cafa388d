import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { TActor } from "@/lib/auth/actor";
import { ForbiddenError, NotFoundError, ValidationError } from "@/lib/errors";
import type { TResolve, TUrlPolicy } from "@/lib/net/url-guard";
import { createScrapeTarget, deleteScrapeTarget, listScrapeTargets, parseScrapeEnv, startScrapeScheduler, updateScrapeTarget, type TScrapeGuard } from "@/lib/scrape";
import { createPromMapper } from "@/lib/telemetry/prom/mapping";
import type { TSample } from "@/lib/telemetry/sample";
import { seedPeople } from "./helpers/actors";
import { BACKENDS, migratedDatabase, type TTestDatabase } from "./helpers/databases";

const NOW = 1_763_812_800_000;
const STRICT: TUrlPolicy = { allowPrivate: false, allowLoopback: false };
const LOOPBACK: TUrlPolicy = { allowPrivate: false, allowLoopback: true };
const internalDns: TResolve = async (host) => (host === "exporter.internal" ? [{ address: "10.0.0.5", family: 4 }] : []);
const OPERATOR: TActor = { type: "token", id: "tok-ops", label: "token ops", scopes: ["operate"] };

// A loopback exporter: one good endpoint and one per failure the scheduler must record.
let server: Server;
let base: string;
let inFlight = 0;
let maxInFlight = 0;
const hits: string[] = [];
beforeAll(async () => {
  server = createServer((req, res) => {
    hits.push(req.url ?? "");
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    res.on("close", () => inFlight--);
    if (req.url === "/metrics") return res.end('# TYPE shardwatch_shard_qps gauge\nshardwatch_shard_qps{shard="s-1",node="db-1"} 1200\n');
    if (req.url === "/bad") return res.end("ok 1\nshardwatch_shard_qps{shard=\"s-1\"}\n");
    if (req.url?.startsWith("/hold")) return void setTimeout(() => res.end("up 1\n"), 300);
    if (req.url === "/slow") return void setTimeout(() => res.end("up 1\n"), 3_000);
    res.writeHead(500).end("boom");
  });
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((done) => server.close(() => done())));

async function until(check: () => Promise<boolean>, ms = 8_000) {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe.each(BACKENDS)("scrape targets on %s", (kind) => {
  let db: TTestDatabase;
  let people: Awaited<ReturnType<typeof seedPeople>>;
  const guard: TScrapeGuard = { policy: LOOPBACK };
  beforeEach(async () => {
    db = await migratedDatabase(kind);
    people = await seedPeople(db);
  });
  afterEach(() => db.drop());

  it("creates, lists, updates, disables and deletes targets, each with an audit row", async () => {
    const ops = { db: db.prisma, actor: OPERATOR };
    const created = await createScrapeTarget({ ctx: ops, input: { name: "orders exporter", url: `${base}/metrics`, cluster: "orders" }, guard });
    expect(created).toMatchObject({ intervalSeconds: 15, timeoutSeconds: 5, cluster: "orders", enabled: true, status: "never" });
    expect((await listScrapeTargets({ ctx: people.viewerCtx })).map((t) => t.name)).toEqual(["orders exporter"]);

    const updated = await updateScrapeTarget({ ctx: ops, input: { id: created.id, intervalSeconds: 30, timeoutSeconds: 10, cluster: "" }, guard });
    expect(updated).toMatchObject({ intervalSeconds: 30, timeoutSeconds: 10, cluster: null });
    const disabled = await updateScrapeTarget({ ctx: ops, input: { id: created.id, enabled: false }, guard });
    expect(disabled.status).toBe("disabled");
    await deleteScrapeTarget({ ctx: ops, input: { id: created.id } });
    await expect(deleteScrapeTarget({ ctx: ops, input: { id: created.id } })).rejects.toThrow(NotFoundError);

    const audit = await db.prisma.auditLog.findMany({ where: { targetId: created.id }, orderBy: { id: "asc" } });
    expect(audit.map((a) => a.action)).toEqual(["scrape_target.create", "scrape_target.update", "scrape_target.disable", "scrape_target.delete"]);
    expect(audit[1]).toMatchObject({ actorLabel: "token ops", before: { intervalSeconds: 15, timeoutSeconds: 5, cluster: "orders" }, after: { intervalSeconds: 30, timeoutSeconds: 10 } });
  });

  it("refuses viewers and writes nothing", async () => {
    const t = await createScrapeTarget({ ctx: people.adminCtx, input: { name: "x", url: `${base}/metrics` }, guard });
    await expect(createScrapeTarget({ ctx: people.viewerCtx, input: { name: "y", url: `${base}/metrics` }, guard })).rejects.toThrow(ForbiddenError);
    await expect(updateScrapeTarget({ ctx: people.viewerCtx, input: { id: t.id, enabled: false }, guard })).rejects.toThrow(ForbiddenError);
    await expect(deleteScrapeTarget({ ctx: people.viewerCtx, input: { id: t.id } })).rejects.toThrow(ForbiddenError);
    expect(await db.prisma.scrapeTarget.count()).toBe(1);
    expect(await db.prisma.auditLog.count({ where: { targetType: "scrape_target" } })).toBe(1);
  });

  it("names the bad field: scheme, timing, and addresses the guard refuses (DNS included)", async () => {
    const ctx = people.adminCtx;
    const create = (input: Record<string, unknown>, g = guard) => createScrapeTarget({ ctx, input: { name: "t", url: `${base}/metrics`, ...input }, guard: g });
    await expect(create({ url: "ftp://x" })).rejects.toMatchObject({ issues: [expect.objectContaining({ path: ["url"], message: "only http:// and https:// URLs are allowed (got ftp://)" })] });
    await expect(create({ intervalSeconds: 10, timeoutSeconds: 10 })).rejects.toMatchObject({ issues: [expect.objectContaining({ path: ["timeoutSeconds"] })] });
    await expect(create({ intervalSeconds: 4 })).rejects.toMatchObject({ issues: expect.arrayContaining([expect.objectContaining({ message: "at least 5 seconds" })]) as unknown });
    await expect(create({ timeoutSeconds: 31, intervalSeconds: 60 })).rejects.toMatchObject({ issues: [expect.objectContaining({ message: "at most 30 seconds" })] });
    await expect(create({ url: "http://10.0.0.5/metrics" })).rejects.toMatchObject({ issues: [{ path: "url", message: "10.0.0.5 is a private address" }] });
    await expect(create({ url: `${base}/metrics` }, { policy: STRICT })).rejects.toThrow("127.0.0.1 is a loopback address");
    await expect(create({ url: "http://exporter.internal:9100/metrics" }, { policy: STRICT, resolve: internalDns })).rejects.toMatchObject({
      issues: [{ path: "url", message: "exporter.internal resolves to 10.0.0.5, a private address" }],
    });
    const t = await create({ intervalSeconds: 10, timeoutSeconds: 5 });
    await expect(updateScrapeTarget({ ctx, input: { id: t.id, timeoutSeconds: 10 }, guard })).rejects.toThrow(ValidationError);
    await expect(updateScrapeTarget({ ctx, input: { id: t.id, url: "http://169.254.169.254/" }, guard })).rejects.toThrow("cloud metadata address");
    // An unchanged URL is not re-resolved: disabling works even when DNS is down.
    const noDns: TScrapeGuard = { policy: STRICT, resolve: async () => Promise.reject(new Error("DNS down")) };
    await expect(updateScrapeTarget({ ctx, input: { id: t.id, enabled: false }, guard: noDns })).resolves.toMatchObject({ status: "disabled" });
  });

  it("scrapes enabled targets, ingests mapped samples with the default cluster, and records each failure", async () => {
    const ctx = people.adminCtx;
    const add = (name: string, url: string, extra: Record<string, unknown> = {}, g: TScrapeGuard = guard) =>
      createScrapeTarget({ ctx, input: { name, url, intervalSeconds: 5, timeoutSeconds: 1, ...extra }, guard: g });
    const good = await add("good", `${base}/metrics`, { cluster: "orders" });
    const broken = await add("broken", `${base}/fail`);
    const slow = await add("slow", `${base}/slow`);
    const bad = await add("bad", `${base}/bad`);
    const dns = await add("dns", "http://exporter.internal:9100/metrics", {}, { policy: { ...STRICT, allowPrivate: true }, resolve: internalDns });
    const off = await add("off", `${base}/metrics`, { enabled: false });
    const ingested: TSample[][] = [];
    const scheduler = startScrapeScheduler({
      db: db.prisma,
      ingest: async (samples, source) => void (source === "scrape" && ingested.push(samples)),
      mapperFactory: () => createPromMapper(),
      policy: LOOPBACK,
      resolve: internalDns,
      now: () => NOW,
      random: () => 0,
      tickMs: 20,
    });
    try {
      await until(async () => (await db.prisma.scrapeTarget.count({ where: { lastScrapeAt: { not: null } } })) === 5);
    } finally {
      await scheduler.stop();
    }
    expect(ingested).toEqual([[{ type: "shard", cluster: "orders", shard: "s-1", node: "db-1", ts: NOW, qps: 1200 }]]);
    const byId = new Map((await listScrapeTargets({ ctx })).map((t) => [t.id, t]));
    expect(byId.get(good.id)).toMatchObject({ status: "ok", lastError: null, lastSampleCount: 1, lastScrapeAt: NOW, lastSuccessAt: NOW, consecutiveFailures: 0 });
    expect(byId.get(broken.id)).toMatchObject({ status: "failing", lastError: "HTTP 500 Internal Server Error", consecutiveFailures: 1, lastSuccessAt: null });
    expect(byId.get(slow.id)).toMatchObject({ status: "failing", lastError: "timed out after 1 s" });
    expect(byId.get(slow.id)!.lastDurationMs).toBeGreaterThanOrEqual(900);
    expect(byId.get(bad.id)).toMatchObject({ status: "failing", lastError: "line 2: expected a value" });
    expect(byId.get(dns.id)).toMatchObject({ status: "failing", lastError: "refused: exporter.internal resolves to 10.0.0.5, a private address" });
    expect(byId.get(off.id)).toMatchObject({ status: "disabled", lastScrapeAt: null });
  });

  it("checks the URL again before every scrape: loopback refused when the policy no longer allows it", async () => {
    const t = await createScrapeTarget({ ctx: people.adminCtx, input: { name: "local", url: `${base}/metrics` }, guard });
    const before = hits.length;
    const scheduler = startScrapeScheduler({ db: db.prisma, ingest: async () => undefined, mapperFactory: () => createPromMapper(), policy: STRICT, random: () => 0, tickMs: 20 });
    try {
      await until(async () => (await db.prisma.scrapeTarget.findUniqueOrThrow({ where: { id: t.id } })).lastScrapeAt !== null);
    } finally {
      await scheduler.stop();
    }
    const row = await db.prisma.scrapeTarget.findUniqueOrThrow({ where: { id: t.id } });
    expect(row.lastError).toBe("refused: 127.0.0.1 is a loopback address");
    expect(hits.length).toBe(before);
  });

  it("re-reads the table for targets added elsewhere, and never overlaps a target's own scrapes", async () => {
    const options = { ingest: async () => undefined, mapperFactory: () => createPromMapper(), policy: LOOPBACK, random: () => 0, tickMs: 20 };
    const scheduler = startScrapeScheduler({ ...options, db: db.prisma, reloadMs: 100 });
    try {
      // Written straight to the table, as another instance would (no in-process notice); a 1 s
      // interval with a 3 s response would overlap if the scheduler allowed it.
      await new Promise((r) => setTimeout(r, 200));
      const before = hits.length;
      maxInFlight = 0;
      await db.prisma.scrapeTarget.create({ data: { name: "elsewhere", url: `${base}/slow`, intervalSeconds: 1, timeoutSeconds: 5 } });
      await until(async () => hits.slice(before).includes("/slow"), 2_000);
      await new Promise((r) => setTimeout(r, 2_200));
      expect(hits.slice(before).filter((h) => h === "/slow")).toHaveLength(1);
      expect(maxInFlight).toBe(1);
    } finally {
      await scheduler.stop();
    }
  });

  it("bounds concurrency, picks up new targets at once, and stops without recording cancelled scrapes", async () => {
    for (const n of [1, 2, 3, 4, 5]) await createScrapeTarget({ ctx: people.adminCtx, input: { name: `hold ${n}`, url: `${base}/hold${n}` }, guard });
    maxInFlight = 0;
    const options = { ingest: async () => undefined, mapperFactory: () => createPromMapper(), policy: LOOPBACK, random: () => 0, tickMs: 20 };
    const scheduler = startScrapeScheduler({ ...options, db: db.prisma, reloadMs: 60_000, maxConcurrent: 2 });
    try {
      await until(async () => (await db.prisma.scrapeTarget.count({ where: { lastSuccessAt: { not: null } } })) === 5);
      expect(maxInFlight).toBe(2);
      const slow = await createScrapeTarget({ ctx: people.adminCtx, input: { name: "slow", url: `${base}/slow`, intervalSeconds: 30, timeoutSeconds: 10 }, guard });
      await until(async () => hits.at(-1) === "/slow" && inFlight > 0);
      const started = Date.now();
      await scheduler.stop();
      expect(Date.now() - started).toBeLessThan(1_000);
      expect((await db.prisma.scrapeTarget.findUniqueOrThrow({ where: { id: slow.id } })).lastScrapeAt).toBeNull();
    } finally {
      await scheduler.stop();
    }
  });
});

describe("scrape settings from the environment", () => {
  it("defaults to refusing private and loopback addresses with a 10 MB cap", () => {
    expect(parseScrapeEnv({})).toEqual({ policy: { allowPrivate: false, allowLoopback: false, allowedCidrs: [] }, maxBytes: 10 * 1024 * 1024 });
  });

  it("reads every variable, and names the bad one", () => {
    const env = { SHARDWATCH_SCRAPE_ALLOW_LOOPBACK: "true", SHARDWATCH_SCRAPE_ALLOWED_CIDRS: "10.20.0.0/16, fd00:1::/32", SHARDWATCH_SCRAPE_MAX_BYTES: "2048" };
    expect(parseScrapeEnv(env)).toEqual({ policy: { allowPrivate: false, allowLoopback: true, allowedCidrs: ["10.20.0.0/16", "fd00:1::/32"] }, maxBytes: 2048 });
    expect(() => parseScrapeEnv({ SHARDWATCH_SCRAPE_ALLOWED_CIDRS: "10.0.0.0/40" })).toThrow('SHARDWATCH_SCRAPE_ALLOWED_CIDRS "10.0.0.0/40" is not a CIDR range');
    expect(() => parseScrapeEnv({ SHARDWATCH_SCRAPE_ALLOW_PRIVATE: "maybe" })).toThrow("SHARDWATCH_SCRAPE_ALLOW_PRIVATE expected one of true/false");
  });
});
