export {};
// Load generator (run as its own process by bench/ingest.ts): POSTs 1,000-sample JSON batches to
// /api/v1/telemetry with `concurrency` requests in flight for `seconds`; prints one JSON line of results.
const [url, token, concurrencyArg, secondsArg, shardsArg] = process.argv.slice(2);
const concurrency = Number(concurrencyArg ?? 8);
const seconds = Number(secondsArg ?? 10);
const shards = Number(shardsArg ?? 10_000);
const BATCH = 1000;

function body(offset: number, ts: number): string {
  const parts: string[] = [];
  for (let i = 0; i < BATCH; i++) {
    const s = (offset + i) % shards;
    parts.push(`{"type":"shard","cluster":"bench","shard":"s-${s}","node":"db-${s % 50}","ts":${ts},"qps":${1000 + (s % 97)},"p99Ms":12.5,"cpu":0.4,"iops":300,"errorRate":0.001}`);
  }
  return `{"samples":[${parts.join(",")}]}`;
}

const latencies: number[] = [];
let ok = 0;
let refused = 0;
let failed = 0;
const deadline = performance.now() + seconds * 1000;
let offset = 0;

async function worker(): Promise<void> {
  while (performance.now() < deadline) {
    const b = body(offset, Date.now());
    offset = (offset + BATCH) % shards;
    const t = performance.now();
    const res = await fetch(url!, { method: "POST", headers: { authorization: `Bearer ${token}`, "content-type": "application/json" }, body: b });
    await res.arrayBuffer();
    if (res.status === 202) {
      ok++;
      latencies.push(performance.now() - t);
    } else if (res.status === 429) refused++;
    else failed++;
  }
}

const started = performance.now();
await Promise.all(Array.from({ length: concurrency }, worker));
const elapsed = (performance.now() - started) / 1000;
latencies.sort((a, b) => a - b);
const q = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? NaN;
console.log(JSON.stringify({ samplesPerSec: (ok * BATCH) / elapsed, p50: q(0.5), p99: q(0.99), ok, refused, failed, elapsed }));
