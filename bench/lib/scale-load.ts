// Load generator for bench/scale.ts (its own process): pushes `minutes` of 5 s samples, oldest first,
// for 10 clusters × 1,000 shards (5 metrics), 2 replicas per shard and 200 cache nodes; with `extra`
// minutes more history for cluster scale-0's shards. Prints one JSON line when done.
export {};
const [url, token, minutesArg, extraArg, mode] = process.argv.slice(2);
const clusters = mode === "one-cluster" ? 1 : 10; // one-cluster: only scale-0's 1,000 shards (query bench)
const minutes = Number(minutesArg ?? 30);
const extra = Number(extraArg ?? 30);
const STEP = 5_000;
const now = Math.floor(Date.now() / STEP) * STEP;

function* samples(): Generator<string> {
  for (let t = now - (minutes + extra) * 60_000; t < now - minutes * 60_000; t += STEP) {
    for (let s = 0; s < 1000; s++) yield shard(0, s, t);
  }
  for (let t = now - minutes * 60_000; t < now; t += STEP) {
    for (let c = 0; c < clusters; c++) for (let s = 0; s < 1000; s++) yield shard(c, s, t);
    if (mode === "one-cluster") continue;
    for (let c = 0; c < 10; c++) {
      for (let s = 0; s < 1000; s++) {
        for (const r of [1, 2]) yield `{"type":"replica","cluster":"scale-${c}","shard":"s-${s}","replica":"s-${s}-r${r}","ts":${t},"lagSeconds":${((s * r) % 7) / 10}}`;
      }
    }
    for (let n = 0; n < 200; n++) yield `{"type":"cache","cluster":"cache-${n % 4}","node":"c-${n}","ts":${t},"hitsPerSec":${9000 + n},"missesPerSec":${100 + (n % 9)},"evictionsPerSec":${n % 5}}`;
  }
}

function shard(c: number, s: number, t: number): string {
  const qps = 1000 + ((s * 7919) % 500) + (s === 7 ? 4000 : 0);
  return `{"type":"shard","cluster":"scale-${c}","shard":"s-${s}","node":"db-${s % 40}","ts":${t},"qps":${qps},"p99Ms":${10 + (s % 13)},"cpu":${((s % 90) + 5) / 100},"iops":${300 + (s % 50)},"errorRate":0.001}`;
}

const gen = samples();
let sent = 0;
let retries = 0;
async function worker(): Promise<void> {
  for (;;) {
    const batch: string[] = [];
    for (let i = 0; i < 1000; i++) {
      const n = gen.next();
      if (n.done) break;
      batch.push(n.value);
    }
    if (!batch.length) return;
    const body = `{"samples":[${batch.join(",")}]}`;
    for (;;) {
      const res = await fetch(url!, { method: "POST", headers: { authorization: `Bearer ${token}`, "content-type": "application/json" }, body });
      const text = await res.text();
      if (res.status === 202) break;
      if (res.status !== 429) throw new Error(`${res.status} ${text.slice(0, 300)}`);
      retries++;
      await new Promise((r) => setTimeout(r, 200));
    }
    sent += batch.length;
  }
}
const t0 = performance.now();
await Promise.all(Array.from({ length: 6 }, worker));
console.log(JSON.stringify({ sent, retries, seconds: (performance.now() - t0) / 1000 }));
