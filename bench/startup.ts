// npm run bench:startup: time from spawning the server (scripts/serve.mjs) (after `next build`) to the first 200 from
// /api/health, on an empty data folder (so it includes creating and migrating the embedded database),
// and on an existing one. The peer is node starting a bare http server and answering once.
import { spawn } from "node:child_process";
import { freePort, median, startShardwatch } from "./lib/server";

const RUNS = Number(process.env.RUNS ?? 5);

async function peerStart(): Promise<number> {
  const port = await freePort();
  const t0 = performance.now();
  const child = spawn(process.execPath, ["-e", `require("http").createServer((q,s)=>s.end("ok")).listen(${port},"127.0.0.1")`]);
  for (;;) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/`)).ok) break;
    } catch {
      await new Promise((r) => setTimeout(r, 20));
    }
  }
  const ms = performance.now() - t0;
  child.kill();
  return ms;
}

const fresh: number[] = [];
const peer: number[] = [];
for (let i = 0; i < RUNS; i++) {
  const s = await startShardwatch();
  fresh.push(s.startMs);
  await s.stop();
  peer.push(await peerStart());
}
console.log(`start-up to first /api/health 200, median of ${RUNS} runs (20 ms polling):`);
console.log(`  shardwatch, empty data folder (create + migrate PGlite): ${median(fresh).toFixed(0)} ms  (runs: ${fresh.map((x) => x.toFixed(0)).join(", ")})`);
console.log(`  peer: node + bare http server:                          ${median(peer).toFixed(0)} ms`);
