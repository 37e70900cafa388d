// npm run bench:mitigation-live: "from event onset to proposal on screen", in wall-clock time, on the
// production build (run `npm run build` first) with the simulator's demo scenario (5 s samples).
// RUNS times: a person has /mitigations?tab=proposed open in headless Debian Chromium; a celebrity key
// is triggered on orders through POST /api/v1/simulator/events (each run another key, so each is a
// fresh alert); the figure is the time from the trigger (the onset: the next sample carries it) until
// the page shows a proposal for the key's shard, and, for comparison, until GET /api/v1/mitigations
// first lists it (polled every 250 ms). Target: under 20 s.
import { chromium } from "@playwright/test";
import { median, quantile, startShardwatch } from "./lib/server";

const RUNS = Number(process.env.RUNS ?? 3);
const TOKEN = "sw_bench_mitigation_live_0123456789abcdefghi";
const ADMIN = { email: "bench@shardwatch.local", password: "bench-mitigation-password" };
const CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"];
const auth = { authorization: `Bearer ${TOKEN}`, "content-type": "application/json" };

type TMitigation = { id: string; target: string; createdAt: number; signal?: unknown };

const sw = await startShardwatch({ SHARDWATCH_SIMULATOR: "on", SHARDWATCH_SIM_SCENARIO: "demo", SHARDWATCH_BOOTSTRAP_TOKEN: TOKEN, SHARDWATCH_ADMIN_EMAIL: ADMIN.email, SHARDWATCH_ADMIN_PASSWORD: ADMIN.password });
const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: CHROMIUM_ARGS });
const screen: number[] = [];
const api: number[] = [];
try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const signIn = await context.request.post(`${sw.url}/api/auth/sign-in/email`, { data: ADMIN, headers: { origin: sw.url } });
  if (!signIn.ok()) throw new Error(`sign-in ${signIn.status()}`);
  const page = await context.newPage();
  await page.goto(`${sw.url}/mitigations?tab=proposed`);
  await new Promise((r) => setTimeout(r, 20_000)); // the backfill and first evaluations settle
  for (let k = 0; k < RUNS; k++) {
    const before = new Set(((await (await fetch(`${sw.url}/api/v1/mitigations?limit=500`, { headers: auth })).json()) as { mitigations: TMitigation[] }).mitigations.map((m) => m.id));
    const shownBefore = await page.getByTestId("mitigation-item").count();
    const t0 = Date.now();
    const res = await fetch(`${sw.url}/api/v1/simulator/events`, {
      method: "POST",
      headers: auth,
      body: JSON.stringify({ type: "celebrity-key", cluster: "orders", rank: [2, 5, 9, 14, 25][k % 5], multiplier: 400, readFraction: 0.2, duration: "1m" }),
    });
    if (res.status !== 201) throw new Error(`trigger: ${res.status} ${await res.text()}`);
    let apiMs: number | null = null;
    const poll = (async () => {
      while (Date.now() - t0 < 60_000 && apiMs === null) {
        const list = ((await (await fetch(`${sw.url}/api/v1/mitigations?limit=500`, { headers: auth })).json()) as { mitigations: TMitigation[] }).mitigations;
        if (list.some((m) => !before.has(m.id))) apiMs = Date.now() - t0;
        else await new Promise((r) => setTimeout(r, 250));
      }
    })();
    await page.waitForFunction((n) => document.querySelectorAll('[data-testid="mitigation-item"]').length > n, shownBefore, { timeout: 60_000, polling: 100 });
    const screenMs = Date.now() - t0;
    await poll;
    screen.push(screenMs);
    if (apiMs !== null) api.push(apiMs);
    console.log(`run ${k + 1}: proposal listed by the API after ${((apiMs ?? NaN) / 1000).toFixed(1)} s, on screen after ${(screenMs / 1000).toFixed(1)} s`);
    await new Promise((r) => setTimeout(r, 60_000)); // the event ends before the next run (each run is another key, so a new proposal)
  }
} finally {
  await browser.close();
  await sw.stop();
}
const s = [...screen].sort((a, b) => a - b);
const a = [...api].sort((x, y) => x - y);
console.log(`\nonset → proposal on screen: median ${(median(s) / 1000).toFixed(1)} s, max ${(quantile(s, 1) / 1000).toFixed(1)} s over ${s.length} runs (target < 20 s)`);
console.log(`onset → proposal in the API: median ${(median(a) / 1000).toFixed(1)} s (the page polls its list every second)`);
