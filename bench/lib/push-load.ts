import http from "node:http";
// Load generator (run as its own process by bench/ingest.ts): POSTs 1,000-sample JSON batches to
// /api/v1/telemetry with `concurrency` requests in flight for `seconds`; prints one JSON line of results.
// It should cost the machine as little as possible (the server under test shares its 2 cores): each
// worker builds its bodies once and, per request, only writes the current time into their fixed-width
// `ts` fields; requests go over kept-alive node:http connections (cheaper per request than fetch).
// DUMP_TIMELINE=file writes every acknowledged request as [start ms, latency ms], to find stalls.
//
// Two modes. Closed loop (the default): `concurrency` workers, each sending its next batch when the
// last is answered; this finds the most the server sustains, and its latencies are those of a server
// kept saturated. Open loop (RATE=samples/s): a batch is due every 1000/RATE·1000 ms whatever the
// answers do, as agents pushing on their own schedule do, with as many in flight as that takes (up
// to MAX_IN_FLIGHT). Each latency runs from the moment the batch was due, not the moment it went
// out, so a stall in the server (or in this process) counts against every batch it delays.
const [url, token, concurrencyArg, secondsArg, shardsArg] = process.argv.slice(2);
const RATE = Number(process.env.RATE ?? 0);
const MAX_IN_FLIGHT = Number(process.env.MAX_IN_FLIGHT ?? 256);
const concurrency = RATE > 0 ? MAX_IN_FLIGHT : Number(concurrencyArg ?? 8);
const seconds = Number(secondsArg ?? 10);
const shards = Number(shardsArg ?? 10_000);
const BATCH = 1000;
const TS_WIDTH = String(Date.now()).length; // 13 digits until the year 2286

type TBody = { buf: Buffer; tsAt: number[] };

/** One batch for shards offset..offset+999 (mod shards), with the byte offsets of its `ts` values. */
function body(offset: number): TBody {
  const placeholder = "0".repeat(TS_WIDTH);
  const parts: string[] = [];
  for (let i = 0; i < BATCH; i++) {
    const s = (offset + i) % shards;
    parts.push(
      `{"type":"shard","cluster":"bench","shard":"s-${s}","node":"db-${s % 50}","ts":${placeholder},"qps":${1000 + (s % 97)},"p99Ms":12.5,"cpu":0.4,"iops":300,"errorRate":0.001}`,
    );
  }
  const buf = Buffer.from(`{"samples":[${parts.join(",")}]}`, "latin1");
  const tsAt: number[] = [];
  const key = Buffer.from(`"ts":`, "latin1");
  for (let at = buf.indexOf(key); at >= 0; at = buf.indexOf(key, at + 1)) tsAt.push(at + key.length);
  return { buf, tsAt };
}

function stamp(b: TBody, ts: number): Buffer {
  const digits = Buffer.from(String(ts).padStart(TS_WIDTH, "0"), "latin1");
  for (const at of b.tsAt) digits.copy(b.buf, at);
  return b.buf;
}

const target = new URL(url!);
const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });

function post(payload: Buffer): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        agent,
        host: target.hostname,
        port: target.port,
        path: target.pathname,
        method: "POST",
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json", "content-length": payload.length },
      },
      (res) => {
        res.on("data", () => undefined);
        res.on("end", () => resolve(res.statusCode ?? 0));
        res.on("error", reject);
      },
    );
    req.on("error", reject);
    req.end(payload);
  });
}

const latencies: number[] = [];
const timeline: [number, number][] = [];
let ok = 0;
let refused = 0;
/** Sent and answered neither 202 nor 429, or the connection failed. */
let failed = 0;
/** What the failed ones were: an HTTP status, or the connection error's code. */
const failures: Record<string, number> = {};
/** A failed connection's code, in place of a status. */
const reason = (err: NodeJS.ErrnoException): string => err.code ?? err.message;
/** Open loop: due but never sent, with MAX_IN_FLIGHT batches already waiting for answers. */
let unsent = 0;
const offsets = Math.max(1, Math.ceil(shards / BATCH));
// Each worker its own copies, built before the clock starts: a body is never re-stamped while a
// request of it is in flight.
const perWorker = Array.from({ length: RATE > 0 ? Math.min(16, MAX_IN_FLIGHT) : concurrency }, () =>
  Array.from({ length: offsets }, (_, i) => body(i * BATCH)),
);
const deadline = performance.now() + seconds * 1000;

/** Counts one answer (a status, or why the connection failed); an acknowledged batch's latency runs from `from` (sent, or due) to now. */
function record(status: number | string, from: number): void {
  if (status === 202) {
    const latency = performance.now() - from;
    ok++;
    latencies.push(latency);
    timeline.push([from, latency]);
  } else if (status === 429) refused++;
  else {
    failed++;
    const why = typeof status === "number" ? `HTTP ${status}` : status;
    failures[why] = (failures[why] ?? 0) + 1;
  }
}

async function worker(n: number): Promise<void> {
  const bodies = perWorker[n]!;
  for (let i = n; performance.now() < deadline; i++) {
    const payload = stamp(bodies[i % offsets]!, Date.now());
    const t = performance.now();
    record(await post(payload).catch(reason), t);
  }
}

/** Open loop: batch k is due at started + k·interval; a free body is taken for it (more are built
 *  when all are in flight, up to MAX_IN_FLIGHT: beyond that the batch is not sent, and counted as unsent). */
async function openLoop(started: number): Promise<void> {
  const interval = (1000 * BATCH) / RATE;
  const free: TBody[][] = perWorker.slice();
  let built = free.length;
  const pending = new Set<Promise<void>>();
  let k = 0;
  const send = (due: number) => {
    let bodies = free.pop();
    if (!bodies) {
      if (built >= MAX_IN_FLIGHT) {
        unsent++;
        return;
      }
      // Copies of built bodies, not new ones: building a set costs ~10 ms of this process's CPU, and
      // sets are wanted exactly when the server has fallen behind, so building them there took the
      // CPU the server needed to catch up (a backlog at the start of a run fed itself for seconds).
      bodies = perWorker[0]!.map((b) => ({ buf: Buffer.from(b.buf), tsAt: b.tsAt }));
      built++;
    }
    const payload = stamp(bodies[k % offsets]!, Date.now());
    const p = post(payload)
      .catch(reason)
      .then((status) => {
        free.push(bodies);
        record(status, due);
        pending.delete(p);
      });
    pending.add(p);
  };
  while (true) {
    const due = started + k * interval;
    if (due >= deadline) break;
    const now = performance.now();
    if (now < due) await new Promise((r) => setTimeout(r, Math.max(0, due - now - 0.5)));
    else {
      send(due);
      k++;
    }
  }
  await Promise.all(pending);
}

const started = performance.now();
if (RATE > 0) await openLoop(started);
else await Promise.all(Array.from({ length: concurrency }, (_, i) => worker(i)));
const elapsed = (performance.now() - started) / 1000;
agent.destroy();
if (process.env.DUMP_TIMELINE) (await import("node:fs")).writeFileSync(process.env.DUMP_TIMELINE, JSON.stringify(timeline));
latencies.sort((a, b) => a - b);
const q = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? NaN;
console.log(JSON.stringify({ samplesPerSec: (ok * BATCH) / elapsed, p50: q(0.5), p99: q(0.99), ok, refused, failed, failures, unsent, elapsed }));
