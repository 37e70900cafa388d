// npm run bench:health: GET /api/health latency on the production build (embedded PGlite), sequential
// keep-alive requests from this process; the peer is a bare node:http server answering the same JSON.
import { spawn } from "node:child_process";
import { freePort, median, quantile, startShardwatch } from "./lib/server";

const REQUESTS = Number(process.env.REQUESTS ?? 3000);
const RUNS = Number(process.env.RUNS ?? 5);

async function measure(url: string): Promise<{ p50: number; p95: number; p99: number }> {
  for (let i = 0; i < 200; i++) await (await fetch(url)).arrayBuffer(); // warm-up
  const samples: number[] = [];
  for (let i = 0; i < REQUESTS; i++) {
    const t = performance.now();
    const res = await fetch(url);
    await res.arrayBuffer();
    if (res.status !== 200) throw new Error(`status ${res.status}`);
    samples.push(performance.now() - t);
  }
  samples.sort((a, b) => a - b);
  return { p50: quantile(samples, 0.5), p95: quantile(samples, 0.95), p99: quantile(samples, 0.99) };
}

async function peer(): Promise<{ url: string; stop: () => void }> {
  const port = await freePort();
  const body = JSON.stringify({ status: "ok", checks: { database: { status: "ok" } } });
  const code = `require("http").createServer((q,s)=>{s.writeHead(200,{"content-type":"application/json"});s.end(${JSON.stringify(body)})}).listen(${port},"127.0.0.1",()=>console.log("up"))`;
  const child = spawn(process.execPath, ["-e", code], { stdio: ["ignore", "pipe", "inherit"] });
  await new Promise((r) => child.stdout.once("data", r));
  return { url: `http://127.0.0.1:${port}/`, stop: () => child.kill() };
}

const sw = await startShardwatch();
const bare = await peer();
const ours: { p50: number; p95: number; p99: number }[] = [];
const theirs: typeof ours = [];
for (let run = 0; run < RUNS; run++) {
  ours.push(await measure(`${sw.url}/api/health`));
  theirs.push(await measure(bare.url));
}
await sw.stop();
bare.stop();
const fmt = (xs: typeof ours, k: "p50" | "p95" | "p99") => median(xs.map((x) => x[k])).toFixed(2);
console.log(`GET /api/health, ${REQUESTS} sequential keep-alive requests per run, median of ${RUNS} runs (ms):`);
console.log(`  shardwatch (PGlite ping + cached migration check): p50 ${fmt(ours, "p50")}  p95 ${fmt(ours, "p95")}  p99 ${fmt(ours, "p99")}`);
console.log(`  peer: bare node:http, static JSON:                            p50 ${fmt(theirs, "p50")}  p95 ${fmt(theirs, "p95")}  p99 ${fmt(theirs, "p99")}`);
