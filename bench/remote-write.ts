// npm run bench:remote-write: remote_write 1.0 ingest throughput of Shardwatch (scripts/serve.mjs, embedded
// PGlite, WAL fsync on and off) against Debian's Prometheus with --web.enable-remote-write-receiver.
// A load generator in a separate process sends the same batches (SERIES gauges × 1 sample, snappy) with
// the same concurrency for RUN_SECONDS per run; samples/s = samples in 2xx answers / elapsed, median of RUNS.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { compress } from "snappyjs";
import { freePort, median, settle, startShardwatch } from "./lib/server";
import { field, text, varint } from "./lib/protobuf";

const SERIES = Number(process.env.SERIES ?? 1000);
const CONCURRENCY = Number(process.env.CONCURRENCY ?? 4);
const RUN_SECONDS = Number(process.env.RUN_SECONDS ?? 15);
const RUNS = Number(process.env.RUNS ?? 3);
const WARMUP_SECONDS = 3;
const TOKEN = "bench-remote-write-token-0123456789abcdef";
const PROMETHEUS = "/usr/bin/prometheus";

type TRun = { samples: number; requests: number; refused: number; seconds: number; encodeMs: number };

// ---- load generator (child process): a WriteRequest template whose timestamps and values are patched per request

function template(worker: number): { raw: Buffer; valueAt: number[]; tsAt: number[] } {
  const bytes: number[] = [];
  const valueAt: number[] = [];
  const tsAt: number[] = [];
  for (let i = 0; i < SERIES; i++) {
    const labels = { __name__: "shardwatch_shard_qps", cluster: "bench", node: `db-${i % 16}`, shard: `w${worker}-s${i}` };
    const labelBytes: number[] = [];
    for (const [k, v] of Object.entries(labels)) labelBytes.push(...field(0x0a, [...text(0x0a, k), ...text(0x12, v)]));
    const sample = [0x09, 0, 0, 0, 0, 0, 0, 0, 0, 0x10, ...varint(2 ** 40)]; // 6-byte timestamp varint, patched below
    const series = field(0x0a, [...labelBytes, ...field(0x12, sample)]);
    const sampleStart = bytes.length + series.length - sample.length;
    valueAt.push(sampleStart + 1);
    tsAt.push(sampleStart + 10);
    bytes.push(...series);
  }
  return { raw: Buffer.from(bytes), valueAt, tsAt };
}

function patch(t: { raw: Buffer; valueAt: number[]; tsAt: number[] }, ts: number, value: number): Uint8Array<ArrayBuffer> {
  const enc = Buffer.from(varint(ts)); // epoch ms: 6 bytes until the year 2109
  for (let i = 0; i < t.tsAt.length; i++) {
    enc.copy(t.raw, t.tsAt[i]);
    t.raw.writeDoubleLE(value + i, t.valueAt[i]);
  }
  return compress(new Uint8Array(t.raw));
}

async function generate(url: string, seconds: number): Promise<TRun> {
  const run: TRun = { samples: 0, requests: 0, refused: 0, seconds, encodeMs: 0 };
  const deadline = performance.now() + seconds * 1000;
  const worker = async (w: number) => {
    const t = template(w);
    let ts = 0;
    while (performance.now() < deadline) {
      ts = Math.max(ts + 1, Date.now()); // strictly increasing per series, as Prometheus requires
      const e0 = performance.now();
      const body = patch(t, ts, run.requests);
      run.encodeMs += performance.now() - e0;
      const res = await fetch(url, {
        method: "POST",
        body,
        headers: {
          authorization: `Bearer ${TOKEN}`,
          "content-encoding": "snappy",
          "content-type": "application/x-protobuf",
          "x-prometheus-remote-write-version": "0.1.0",
        },
      });
      await res.arrayBuffer();
      run.requests++;
      if (res.ok) run.samples += SERIES;
      else if (++run.refused === 1) console.error(`  ${url}: ${res.status} ${res.statusText}`);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, (_, w) => worker(w)));
  return run;
}

if (process.argv[2] === "generate") {
  const result = await generate(process.argv[3]!, Number(process.argv[4]));
  process.stdout.write(JSON.stringify(result));
  process.exit(0);
}

// ---- orchestration (this process): servers up, generator runs, figures out
async function runGenerator(url: string, seconds: number): Promise<TRun> {
  const child = spawn(process.execPath, ["--import", "tsx", import.meta.filename, "generate", url, String(seconds)], { stdio: ["ignore", "pipe", "inherit"] });
  let out = "";
  child.stdout.on("data", (c: Buffer) => (out += c.toString()));
  const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
  if (code !== 0) throw new Error(`load generator exited with ${code}`);
  return JSON.parse(out) as TRun;
}

async function measure(label: string, url: string): Promise<number> {
  await runGenerator(url, WARMUP_SECONDS);
  const rates: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const r = await runGenerator(url, RUN_SECONDS);
    rates.push(r.samples / r.seconds);
    const encode = (r.encodeMs / Math.max(1, r.requests)).toFixed(2);
    console.log(
      `  ${label} run ${i + 1}: ${Math.round(r.samples / r.seconds)} samples/s (${r.requests} requests, ${r.refused} refused, generator encode ${encode} ms/request)`,
    );
  }
  return median(rates);
}

async function startPrometheus(): Promise<{ url: string; stop: () => Promise<void> }> {
  const dir = mkdtempSync(path.join(tmpdir(), "sw-bench-prometheus-"));
  writeFileSync(path.join(dir, "prometheus.yml"), "global: {}\n");
  const port = await freePort();
  const args = [
    `--config.file=${dir}/prometheus.yml`,
    `--storage.tsdb.path=${dir}/data`,
    `--web.listen-address=127.0.0.1:${port}`,
    "--web.enable-remote-write-receiver",
  ];
  const child = spawn(PROMETHEUS, args, { stdio: "ignore" });
  for (let i = 0; ; i++) {
    if (child.exitCode !== null || i > 600) throw new Error("prometheus did not become ready");
    const ready = await fetch(`http://127.0.0.1:${port}/-/ready`).then(
      (r) => r.ok,
      () => false,
    );
    if (ready) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    url: `http://127.0.0.1:${port}/api/v1/write`,
    async stop() {
      child.kill("SIGTERM");
      await new Promise((r) => child.once("exit", r));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

const results: [string, number][] = [];
for (const fsync of ["true", "false"]) {
  const label = `shardwatch (WAL fsync ${fsync === "true" ? "on, the default" : "off"})`;
  const sw = await startShardwatch({ SHARDWATCH_BOOTSTRAP_TOKEN: TOKEN, SHARDWATCH_WAL_FSYNC: fsync });
  // /api/health answers before the server is done starting: it still loads its routes and backfills the
  // simulator's 15 minutes, which a CPU profile showed running into the first measured run.
  await settle(sw.child.pid!);
  try {
    results.push([label, await measure(label, `${sw.url}/api/v1/write`)]);
  } finally {
    await sw.stop();
  }
}
const prom = await startPrometheus();
try {
  results.push(["prometheus 2.42 (Debian, remote-write receiver)", await measure("prometheus", prom.url)]);
} finally {
  await prom.stop();
}

const peer = results.at(-1)![1];
console.log(`\nremote_write 1.0, ${SERIES} series × 1 sample per request (snappy), ${CONCURRENCY} concurrent senders in a separate process,`);
console.log(`${RUN_SECONDS} s per run after a ${WARMUP_SECONDS} s warm-up, median of ${RUNS} runs, loopback, one process at a time:`);
for (const [label, rate] of results)
  console.log(`  ${label.padEnd(50)} ${Math.round(rate).toString().padStart(9)} samples/s  (${(rate / peer).toFixed(2)}× prometheus)`);
