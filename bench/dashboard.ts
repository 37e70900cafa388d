// npm run bench:dashboard: the dashboard's figures from issue #6 on the production build (run
// `npm run build` first), with the built-in simulator as the data source.
//
// Part 1 (scenario `large`: one 1,000-shard cluster, 30 min of 5 s samples backfilled at start):
//  - API: every call a page makes (the overview is the page itself: anonymous, and signed in with a session
//    cookie, as pages take no bearer token), ROUNDS rounds of PER_ROUND sequential requests each; the figure is
//    the median over rounds of each round's p95 (and p50). Peer in the same run: GET /api/health,
//    the cheapest route the server has, for the floor of a request on this machine.
//  - Pages: each page loaded LOADS times in headless Debian Chromium (fresh page, warm server); "interactive"
//    is performance.now() (ms since navigation start) at the moment the page's data element is on screen
//    AND hydrated by React (the element carries React's fiber key, so handlers are attached). Peer: the
//    sign-in page (no data). Median over loads.
//  - Heatmap: the page's own performance.measure("heatmap-render") for 1,000 shards × 360 buckets
//    (the 1 h range at 10 s steps), median over loads.
// Part 2 (scenario `xl`: 10,000 shards, 20,000 replicas, 200 cache nodes; SCALE_BACKFILL minutes):
//  the overview and the cluster page, loaded LOADS times: time until their data is on screen and hydrated.
// SKIP_XL=1 skips part 2; ONLY_XL=1 runs only part 2 (SCALE_BACKFILL minutes of history, default 30;
// on PGlite a 10 min backfill takes about 5.5 min and 30 min outlasts the 15 min wait, so use 10 there).
import { chromium, type Browser, type Page } from "@playwright/test";
import { backfillFlushed, median, startShardwatch, timeGet, type TServer } from "./lib/server";

const ROUNDS = Number(process.env.ROUNDS ?? 5);
const PER_ROUND = Number(process.env.PER_ROUND ?? 20);
const LOADS = Number(process.env.LOADS ?? 5);
const ADMIN = { email: "bench@shardwatch.local", password: "bench-dashboard-password" };
const TOKEN = "sw_bench_dashboard_0123456789abcdefghijklmn";
const CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"];

// BENCH_DATABASE_URL runs on PostgreSQL (give it a database of its own) instead of the embedded PGlite.
const DB_URL = process.env.BENCH_DATABASE_URL ?? "";

async function start(scenario: string, backfill: number): Promise<TServer> {
  return startShardwatch({
    SHARDWATCH_SIMULATOR: "on",
    SHARDWATCH_SIM_SCENARIO: scenario,
    SHARDWATCH_SIM_BACKFILL_MINUTES: String(backfill),
    SHARDWATCH_BOOTSTRAP_TOKEN: TOKEN,
    SHARDWATCH_ADMIN_EMAIL: ADMIN.email,
    SHARDWATCH_ADMIN_PASSWORD: ADMIN.password,
    DATABASE_URL: DB_URL,
  });
}

const auth = { headers: { authorization: `Bearer ${TOKEN}` } };

/** Waits until the cluster's oldest minute of the backfill is readable and the backfill is wholly flushed (it runs after start). */
async function waitForHistory(url: string, cluster: string, minutes: number): Promise<number> {
  const t0 = performance.now();
  for (;;) {
    const to = Date.now();
    const from = to - minutes * 60_000;
    // The server is busiest during the backfill: a refused or reset connection is a reason to ask again.
    const res = await fetch(`${url}/api/v1/query?metric=shard.qps&cluster=${cluster}&by=cluster&from=${from}&to=${to}&step=60000`, auth).catch(() => null);
    if (res?.ok) {
      const body = (await res.json()) as { series: { values: (number | null)[] }[] };
      const v = body.series[0]?.values;
      // A flush is written in chunks, readable from the first: so readable, and then wholly flushed.
      if (v && v[1] != null && v[v.length - 2] != null && (await backfillFlushed(url))) return performance.now() - t0;
    }
    if (performance.now() - t0 > 15 * 60_000) throw new Error(`no ${minutes} min history for ${cluster} after 15 min`);
    await new Promise((r) => setTimeout(r, 2000));
  }
}

/** A session cookie for the admin: pages take no bearer token, so a signed-in page render needs one. */
async function sessionCookie(url: string): Promise<RequestInit> {
  const res = await fetch(`${url}/api/auth/sign-in/email`, { method: "POST", headers: { origin: url, "content-type": "application/json" }, body: JSON.stringify(ADMIN) });
  if (!res.ok) throw new Error(`sign-in: ${res.status} ${await res.text()}`);
  return { headers: { cookie: res.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ") } };
}

async function timeApi(url: string, init: RequestInit = auth): Promise<{ p95: number; p50: number; kb: number }> {
  const t = await timeGet(url, init, ROUNDS, PER_ROUND);
  return { p95: t.p95, p50: t.p50, kb: t.bytes / 1024 };
}

async function signedInPage(browser: Browser, url: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const res = await context.request.post(`${url}/api/auth/sign-in/email`, { data: ADMIN, headers: { origin: url } });
  if (!res.ok()) throw new Error(`sign-in: ${res.status()} ${await res.text()}`);
  return context.newPage();
}

/** ms from navigation start until `selector` is visible and hydrated (React's fiber key is on it). */
async function interactiveMs(page: Page, url: string, selector: string): Promise<number> {
  await page.goto(url, { waitUntil: "commit" });
  const handle = await page.waitForFunction(
    (sel) => {
      const el = document.querySelector(sel);
      if (!el || el.getBoundingClientRect().width === 0) return null;
      return Object.keys(el).some((k) => k.startsWith("__reactFiber")) ? performance.now() : null;
    },
    selector,
    { polling: "raf", timeout: 30_000 },
  );
  return (await handle.jsonValue()) as number;
}

async function timePage(page: Page, url: string, selector: string): Promise<{ ms: number; runs: number[] }> {
  await interactiveMs(page, url, selector); // warm-up: compiles nothing (production build) but fills caches
  const runs: number[] = [];
  for (let i = 0; i < LOADS; i++) runs.push(await interactiveMs(page, url, selector));
  return { ms: median(runs), runs };
}

async function heatmapRenderMs(page: Page, url: string): Promise<number[]> {
  const runs: number[] = [];
  for (let i = 0; i < LOADS; i++) {
    await page.goto(url, { waitUntil: "commit" });
    const h = await page.waitForFunction(() => performance.getEntriesByName("heatmap-render").at(-1)?.duration ?? null, null, { polling: 100, timeout: 30_000 });
    runs.push((await h.jsonValue()) as number);
  }
  return runs;
}

const fmt = (ms: number) => `${ms.toFixed(ms < 10 ? 1 : 0)} ms`;
const report: string[] = [];
const log = (s: string) => {
  report.push(s);
  console.log(s);
};

// ---- Part 1: 1,000 shards, 30 min ----
if (process.env.ONLY_XL !== "1") {
  const sw = await start("large", 30);
  try {
    const ready = await waitForHistory(sw.url, "orders", 30);
    log(`# 1,000 shards (scenario large) on ${DB_URL ? "PostgreSQL" : "PGlite"}, 30 min backfilled (readable after ${(ready / 1000).toFixed(0)} s)`);
    const to = Date.now();
    const from = to - 3_600_000;
    const r = `from=${from}&to=${to}`;
    const shard = "s-007";
    const signedIn = await sessionCookie(sw.url);
    const apis: [string, string, RequestInit?][] = [
      ["peer: GET /api/health", "/api/health"],
      ["overview: GET / (server-rendered page)", "/"],
      ["overview: GET / signed in (cluster health)", "/", signedIn],
      ["cluster: heatmap qps, 30 min (the data), 360 b.", `/api/v1/clusters/orders/heatmap?metric=qps&from=${to - 1_800_000}&to=${to}&step=5000`],
      ["cluster: heatmap qps, 1 h (page default), 360 b.", `/api/v1/clusters/orders/heatmap?metric=qps&${r}&step=10000`],
      ["cluster: top shards, distribution, nodes", `/api/v1/clusters/orders/shards?${r}`],
      ["shard: static parts", `/api/v1/clusters/orders/shards/${shard}`],
      ["shard: one metric over 1 h", `/api/v1/query?metric=shard.p99Ms&cluster=orders&shard=${shard}&by=shard&${r}&step=10000`],
      ["replication: page 1 + worst 10", `/api/v1/replication?cluster=orders&${r}&step=10000`],
      ["cache: nodes + series", `/api/v1/cache?${r}&step=10000`],
      ["alerts: open + recent", `/api/v1/alerts?limit=200`],
      ["rules: list", `/api/v1/rules`],
    ];
    log(`\n## API, sequential, median of ${ROUNDS} rounds × ${PER_ROUND} (target p95 < 100 ms)`);
    for (const [name, path, init] of apis) {
      try {
        const t = await timeApi(`${sw.url}${path}`, init);
        log(`${name.padEnd(48)} p95 ${fmt(t.p95).padStart(8)}  p50 ${fmt(t.p50).padStart(8)}  ${t.kb.toFixed(0)} KB`);
      } catch (err) {
        log(`${name.padEnd(44)} FAILED: ${(err as Error).message}`);
      }
    }

    const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: CHROMIUM_ARGS });
    try {
      const page = await signedInPage(browser, sw.url);
      const pages: [string, string, string][] = [
        ["peer: /sign-in (no data)", "/sign-in", "button[type=submit]"],
        ["/ overview", "/", "[data-testid=cluster-row]"],
        ["/clusters/orders", "/clusters/orders", "[data-testid=top-shard-row]"],
        [`/clusters/orders/shards/${shard}`, `/clusters/orders/shards/${shard}`, "[data-testid=chart-qps] svg"],
        ["/replication", "/replication?cluster=orders", "[data-testid=replica-row]"],
        ["/cache", "/cache", "[data-testid=cache-node-row], [data-testid=cache-empty]"],
        ["/alerts", "/alerts", "[data-testid=alert-row], [data-testid=alerts-empty]"],
        ["/rules", "/rules", "[data-testid=rule-row]"],
      ];
      log(`\n## Pages in headless Chromium, 1280×800: navigation start → data on screen and hydrated, median of ${LOADS} (target < 1.5 s)`);
      for (const [name, path, sel] of pages) {
        try {
          const ctx = name.startsWith("peer") ? await browser.newPage() : page;
          const t = await timePage(ctx, `${sw.url}${path}`, sel);
          log(`${name.padEnd(44)} ${fmt(t.ms).padStart(8)}   runs ${t.runs.map((x) => x.toFixed(0)).join(", ")}`);
        } catch (err) {
          log(`${name.padEnd(44)} FAILED: ${(err as Error).message.split("\n")[0]}`);
        }
      }
      const heat = await heatmapRenderMs(page, `${sw.url}/clusters/orders?range=1h`);
      log(`\n## Heatmap draw, 1,000 shards × 360 buckets (performance.measure "heatmap-render"; target < 500 ms)`);
      log(`median ${fmt(median(heat))}   runs ${heat.map((x) => x.toFixed(0)).join(", ")}`);
    } finally {
      await browser.close();
    }
  } finally {
    await sw.stop();
  }
}

// ---- Part 2: 10,000 shards ----
if (process.env.SKIP_XL !== "1") {
  const minutes = Number(process.env.SCALE_BACKFILL ?? 30);
  const sw = await start("xl", minutes);
  try {
    const ready = await waitForHistory(sw.url, "fleet", minutes);
    log(`\n# 10,000 shards, 20,000 replicas, 200 cache nodes (scenario xl) on ${DB_URL ? "PostgreSQL" : "PGlite"}, ${minutes} min backfilled (readable after ${(ready / 1000).toFixed(0)} s)`);
    const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: CHROMIUM_ARGS });
    try {
      const page = await signedInPage(browser, sw.url);
      log(`## Pages: navigation start → data on screen and hydrated, median of ${LOADS} (target < 3 s)`);
      for (const [name, path, sel] of [
        ["/ overview", "/", "[data-testid=cluster-row]"],
        ["/clusters/fleet", "/clusters/fleet", "[data-testid=top-shard-row]"],
      ] as const) {
        const t = await timePage(page, `${sw.url}${path}`, sel);
        log(`${name.padEnd(44)} ${fmt(t.ms).padStart(8)}   runs ${t.runs.map((x) => x.toFixed(0)).join(", ")}`);
      }
      const to = Date.now();
      const t = await timeApi(`${sw.url}/api/v1/clusters/fleet/heatmap?metric=qps&from=${to - 3_600_000}&to=${to}&step=10000`);
      log(`heatmap API, 10,000 shards, 1 h: p95 ${fmt(t.p95)}, p50 ${fmt(t.p50)}, ${t.kb.toFixed(0)} KB`);
    } finally {
      await browser.close();
    }
  } finally {
    await sw.stop();
  }
}
console.log(`\nMachine: ${(await import("node:os")).cpus().length} cores; all runs sequential on loopback.`);
