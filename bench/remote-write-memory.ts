// npm run bench:remote-write-memory: the heap the remote_write decoder keeps for the label sets it has
// seen (lib/telemetry/prom/remote-write.ts), per number of distinct series. In-process: each count's
// series are decoded once, in 1,000-series requests shaped as a postgres exporter's (6 labels), and the
// heap used is read after two full GCs before and after (node --expose-gc). One child process per count.
import { spawnSync } from "node:child_process";
import { compress } from "snappyjs";
import { decodeRemoteWrite, labelSetsKept } from "@/lib/telemetry/prom/remote-write";
import { field, text, varint } from "./lib/protobuf";

const COUNTS = (process.env.SERIES ?? "5000,50000,100000,200000").split(",").map(Number);
const METRICS = ["shardwatch_shard_qps", "shardwatch_shard_p99_ms", "shardwatch_shard_cpu", "shardwatch_shard_iops", "shardwatch_shard_error_rate"];

function request(from: number): Uint8Array {
  const bytes: number[] = [];
  for (let i = from; i < from + 1000; i++) {
    const labels = {
      __name__: METRICS[i % 5]!,
      cluster: "orders",
      instance: `10.0.${i % 250}.${i % 7}:9187`,
      job: "shardwatch",
      node: `db-${i % 64}`,
      shard: `s-${Math.floor(i / 5)}`,
    };
    const encoded: number[] = [];
    for (const [k, v] of Object.entries(labels)) encoded.push(...field(0x0a, [...text(0x0a, k), ...text(0x12, v)]));
    bytes.push(...field(0x0a, [...encoded, ...field(0x12, [0x09, 0, 0, 0, 0, 0, 0, 0, 0, 0x10, ...varint(1e12)])]));
  }
  return compress(new Uint8Array(bytes));
}

if (process.argv[2] === "measure") {
  const series = Number(process.argv[3]);
  const bodies = Array.from({ length: Math.ceil(series / 1000) }, (_, b) => request(b * 1000));
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error("run with node --expose-gc");
  gc();
  gc();
  const before = process.memoryUsage().heapUsed;
  for (const body of bodies) decodeRemoteWrite(body);
  gc();
  gc();
  const grown = process.memoryUsage().heapUsed - before;
  console.log(
    `  ${series.toLocaleString("en").padStart(8)} series: ${labelSetsKept().toLocaleString("en").padStart(7)} label sets kept, heap +${(grown / 1e6).toFixed(1)} MB`,
  );
} else {
  console.log("remote_write label-set cache, heap kept after decoding each series once (6 labels per series):");
  for (const n of COUNTS) {
    const r = spawnSync(process.execPath, ["--expose-gc", "--import", "tsx", import.meta.filename, "measure", String(n)], { stdio: "inherit" });
    if (r.status !== 0) process.exit(r.status ?? 1);
  }
}
