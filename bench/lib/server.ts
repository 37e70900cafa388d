import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { withServerEnvDefaults } from "../../scripts/lib/server-env.mjs";

export async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

export type TServer = { url: string; child: ChildProcess; startMs: number; stop(): Promise<void> };

/** Starts the production build (scripts/serve.mjs) on a fresh data folder and waits for /api/health = 200. */
export async function startShardwatch(env: Record<string, string> = {}): Promise<TServer> {
  const port = await freePort();
  const dataDir = mkdtempSync(path.join(tmpdir(), "sw-bench-"));
  const url = `http://127.0.0.1:${port}`;
  const t0 = performance.now();
  // BENCH_SERVER_NODE_ARGS: node flags for the server alone, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof"
  // (not allowed in NODE_OPTIONS; the profile is written when the server exits on SIGTERM).
  const nodeArgs = (process.env.BENCH_SERVER_NODE_ARGS ?? "").split(" ").filter(Boolean);
  // BENCH_NEXT_START=1: `next start` instead, every route through Next (what scripts/serve.mjs saves).
  const server = process.env.BENCH_NEXT_START === "1" ? ["node_modules/next/dist/bin/next", "start"] : ["scripts/serve.mjs"];
  const child = spawn(process.execPath, [...nodeArgs, ...server], {
    env: withServerEnvDefaults({
      ...process.env,
      NEXT_TELEMETRY_DISABLED: "1",
      DATABASE_URL: "",
      SHARDWATCH_DATA_DIR: dataDir,
      HOST: "127.0.0.1",
      PORT: String(port),
      ...env,
    }),
    stdio: ["ignore", "ignore", "inherit"],
  });
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
    try {
      const res = await fetch(`${url}/api/health`);
      if (res.status === 200) break;
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  const startMs = performance.now() - t0;
  return {
    url,
    child,
    startMs,
    async stop() {
      child.kill("SIGTERM");
      await new Promise((r) => child.once("exit", r));
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** CPU seconds `pid` has used so far (user + system, from /proc). */
function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
  return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime: fields 14 and 15, in 1/100 s
}

/**
 * Waits until `pid` has gone quiet (under 5% of a core over half a second), at most `maxMs`: after a
 * load, the server still works through its backlog (flushes, GC), which would otherwise run into the
 * next measurement, the peer's included (the two share the machine's cores).
 */
export async function settle(pid: number, maxMs = 30_000): Promise<void> {
  const until = performance.now() + maxMs;
  while (performance.now() < until) {
    const before = cpuSeconds(pid);
    await new Promise((r) => setTimeout(r, 500));
    if (cpuSeconds(pid) - before < 0.025) return;
  }
}

export function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
}

export function median(values: number[]): number {
  return quantile(
    [...values].sort((a, b) => a - b),
    0.5,
  );
}

/**
 * GET latency of one URL: `rounds` rounds of `perRound` sequential requests; the figures are the median
 * over rounds of each round's p95 and p50 (a noisy machine spoils single rounds), plus the answer's size.
 */
export async function timeGet(url: string, init: RequestInit, rounds = 5, perRound = 20): Promise<{ p95: number; p50: number; bytes: number }> {
  const p95s: number[] = [];
  const p50s: number[] = [];
  let bytes = 0;
  for (let r = 0; r < rounds; r++) {
    const ms: number[] = [];
    for (let i = 0; i < perRound; i++) {
      const t = performance.now();
      const res = await fetch(url, init);
      bytes = (await res.arrayBuffer()).byteLength;
      if (res.status !== 200) throw new Error(`${res.status} for ${url}`);
      ms.push(performance.now() - t);
    }
    ms.sort((a, b) => a - b);
    p95s.push(quantile(ms, 0.95));
    p50s.push(quantile(ms, 0.5));
  }
  return { p95: median(p95s), p50: median(p50s), bytes };
}

/** True once the backfill's rollups are all in: no flush under way and only about the open minute's buckets in memory. */
export async function backfillFlushed(url: string): Promise<boolean> {
  // A kept-alive connection the server closed as this request went out fails once (ECONNRESET): not yet.
  const text = await fetch(`${url}/metrics`).then(
    (res) => res.text(),
    () => "",
  );
  if (!text) return false;
  const value = (name: string) => metricValue(text, name);
  return value("shardwatch_rollup_flush_rows_left") === 0 && value("shardwatch_rollup_buckets_waiting") <= 8 * value("shardwatch_window_series");
}

/** One sample's value from a /metrics text, with or without labels (gauges carry the default app label); NaN when absent. */
export function metricValue(text: string, name: string): number {
  return Number(new RegExp(`^${name}(?:\\{[^}]*\\})? (\\S+)$`, "m").exec(text)?.[1] ?? NaN);
}
