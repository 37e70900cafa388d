// npm run bench:window-apply: the ingest hot path in-process (applySample into the window store plus
// the rollup aggregator), no HTTP, no database. 10,000 shards × 5 metrics fed 25 points a second each
// (bench:ingest's shape), 12 rounds of 200 batches of 1,000 samples; prints each round's time, so the
// cost of growing ring buffers (rounds 6-8) and the steady cost after can be told apart.
import { applySample, type TVisit } from "@/lib/telemetry/apply-sample";
import { RollupAggregator } from "@/lib/telemetry/rollup-aggregator";
import type { TSample } from "@/lib/telemetry/sample";
import { WindowStore } from "@/lib/telemetry/window-store";

const store = new WindowStore({ retentionMs: 30 * 60_000, maxPointsPerSeries: 8192 });
const agg = new RollupAggregator();
const batch = (k: number): TSample[] =>
  Array.from({ length: 1000 }, (_, i): TSample => ({ type: "shard", cluster: "bench", shard: `s-${(k * 1000 + i) % 10_000}`, node: `db-${i % 50}`, ts: 0, qps: 1000 + i, p99Ms: 12.5, cpu: 0.4, iops: 300, errorRate: 0.001 }));
const visit: TVisit = (e, ts, v) => agg.addTo(e, ts, v);
let ts = Date.now() - 20 * 60_000;
const rounds: number[] = [];
for (let round = 0; round < 12; round++) {
  const bodies = Array.from({ length: 200 }, (_, k) => batch(k));
  const started = performance.now();
  for (const body of bodies) {
    ts += 4; // each shard every 10 batches: 25 points a second
    for (const s of body) {
      s.ts = ts;
      applySample(store, s, ts, visit);
    }
  }
  rounds.push(performance.now() - started);
  if (round % 4 === 3) agg.take(ts - 10_000); // as a flush would
}
const steady = [...rounds.slice(8)].sort((a, b) => a - b);
console.log(`applySample + rollup aggregation, 200,000 samples (1 M points) a round, ms per round: ${rounds.map((x) => x.toFixed(0)).join(" ")}`);
console.log(`  first round (series created): ${rounds[0]!.toFixed(0)} ms; slowest round: ${Math.max(...rounds.slice(1)).toFixed(0)} ms; rounds 9-12 median: ${((steady[1]! + steady[2]!) / 2).toFixed(0)} ms`);
