// npm run bench:sim: the simulator's own figures, in this process.
//  1. one step of the 10,000-shard / 20,000-replica / 200-cache-node model (scenario "xl"), median of runs;
//  2. a 2-hour scenario of a 256-shard cluster at 5 s steps (1,440 steps), generated with its samples.
// The peer, measured in the same run, is the bare cost of building the same number of sample objects
// in a plain loop: it shows how fast this machine is right now (it is shared and noisy).
import { SimModel } from "@/lib/sim/model";
import { frameToSamples } from "@/lib/sim/samples";
import { parseScenario, loadScenarios } from "@/lib/sim/scenarios";
import { median } from "./lib/server";

const RUNS = Number(process.env.RUNS ?? 5);
const STEPS = Number(process.env.STEPS ?? 30);
const T0 = Date.UTC(2026, 10, 23);

function stepTimes(): { model: number; samples: number; count: number } {
  const xl = loadScenarios().find((s) => s.name === "xl")!;
  const m = new SimModel(xl, { startMs: T0 });
  const model: number[] = [];
  const samples: number[] = [];
  let count = 0;
  for (let i = 0; i < STEPS + 5; i++) {
    const t0 = performance.now();
    const frame = m.step(T0 + i * 5000);
    const t1 = performance.now();
    count = frameToSamples(frame, T0 + i * 5000).length;
    if (i < 5) continue; // warm-up steps
    model.push(t1 - t0);
    samples.push(performance.now() - t1);
  }
  return { model: median(model), samples: median(samples), count };
}

/** The peer: the same number of plain sample-shaped objects, built in a loop. */
function peerBuild(count: number): number {
  const times: number[] = [];
  for (let k = 0; k < STEPS; k++) {
    const t0 = performance.now();
    const out: object[] = [];
    for (let i = 0; i < count; i++)
      out.push({ type: "shard", cluster: "c", shard: `s-${i}`, node: "n", ts: i, qps: i * 1.5, p99Ms: 3, cpu: 0.5, iops: 10, errorRate: 0 });
    times.push(performance.now() - t0);
  }
  return median(times);
}

function twoHours(): { seconds: number; samples: number } {
  const s = parseScenario(
    {
      name: "bench-256",
      title: "256 shards",
      description: "bench",
      duration: "2h",
      loop: false,
      clusters: [{ name: "bench", shards: 256, nodes: 32, replicasPerShard: 1, traffic: { baseQps: 400_000 }, cache: { nodes: 8, keysPerNode: 200_000 } }],
      events: [{ type: "hot-range", cluster: "bench", at: "30m", duration: "1h", ramp: "5m", shard: "s-100", qps: 4000 }],
    },
    "bench",
  );
  const t0 = performance.now();
  const m = new SimModel(s, { startMs: T0 });
  let samples = 0;
  for (let t = 0; t < 2 * 3600_000; t += 5000) samples += frameToSamples(m.step(T0 + t), T0 + t).length;
  return { seconds: (performance.now() - t0) / 1000, samples };
}

const rows: { model: number; samples: number; peer: number; twoH: number }[] = [];
let count = 0;
let generated = 0;
for (let r = 0; r < RUNS; r++) {
  const s = stepTimes();
  count = s.count;
  const two = twoHours();
  generated = two.samples;
  rows.push({ model: s.model, samples: s.samples, peer: peerBuild(count), twoH: two.seconds });
  console.log(
    `run ${r + 1}: step ${s.model.toFixed(1)} ms + samples ${s.samples.toFixed(1)} ms (peer ${rows.at(-1)!.peer.toFixed(1)} ms); 2 h × 256 shards ${two.seconds.toFixed(2)} s`,
  );
}
const med = (k: keyof (typeof rows)[number]) => median(rows.map((x) => x[k]));
console.log(`
Simulator (median of ${RUNS} runs; each run: median of ${STEPS} steps after 5 warm-up steps; ${new Date().toISOString()})
  one step, 10,000 shards + 20,000 replicas + 200 cache nodes:   ${med("model").toFixed(1)} ms   (target < 20 ms)
  turning that step into ${count.toLocaleString()} telemetry samples:     ${med("samples").toFixed(1)} ms
  peer: building ${count.toLocaleString()} plain sample objects in a loop:  ${med("peer").toFixed(1)} ms
  2 h of a 256-shard cluster at 5 s steps (${generated.toLocaleString()} samples):  ${med("twoH").toFixed(2)} s   (target < 5 s)
`);
