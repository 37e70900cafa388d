// npm run sim -- --scenario hot-range --target http://127.0.0.1:3000 --token $TOKEN
// Runs a scenario in this process and pushes its telemetry to any Shardwatch over HTTP.
import { createServer } from "node:http";
import { parseArgs } from "node:util";
import { createControlPlaneHandler } from "@/lib/control-plane/http-server";
import { SimRunner } from "@/lib/sim/runner";
import { loadScenarios } from "@/lib/sim/scenarios";
import { PushRejectedError, pushSamples } from "@/lib/sim/push-client";
import type { TSample } from "@/lib/telemetry/sample";

const USAGE = `usage: npm run sim -- --scenario NAME --target URL --token TOKEN [options]
  --scenario NAME     a scenario from scenarios/ (default demo); --list shows them
  --target URL        the Shardwatch to push to, e.g. http://127.0.0.1:3000
  --token TOKEN       an API token with the ingest scope (or SHARDWATCH_TOKEN)
  --speed N           run the scenario N times faster than real time (default 1)
  --interval SECONDS  seconds between steps (default 5)
  --backfill MINUTES  send this much recent history first (default 0)
  --steps N           stop after N live steps (default: run until interrupted)
  --control-plane-port PORT   also serve this simulation's control plane (docs/control-plane.md)
                      on 127.0.0.1:PORT, so another Shardwatch can act on it
  --control-plane-token T     require this bearer token there`;

function fail(message: string): never {
  process.stderr.write(`sim: ${message}\n${USAGE}\n`);
  process.exit(2);
}

const { values: a } = parseArgs({
  options: {
    scenario: { type: "string", default: "demo" },
    target: { type: "string" },
    token: { type: "string" },
    speed: { type: "string", default: "1" },
    interval: { type: "string", default: "5" },
    backfill: { type: "string", default: "0" },
    steps: { type: "string" },
    "control-plane-port": { type: "string" },
    "control-plane-token": { type: "string" },
    list: { type: "boolean", default: false },
    help: { type: "boolean", default: false },
  },
  strict: true,
});

const scenarios = loadScenarios();
if (a.help) {
  process.stdout.write(`${USAGE}\n`);
  process.exit(0);
}
if (a.list) {
  for (const s of scenarios) process.stdout.write(`${s.name.padEnd(22)} ${s.title}\n`);
  process.exit(0);
}
const token = a.token ?? process.env.SHARDWATCH_TOKEN;
if (!a.target || !/^https?:\/\/[^/]+/.test(a.target)) fail("--target must be an http(s) URL");
if (!token) fail("--token (or SHARDWATCH_TOKEN) is required");
const num = (name: string, v: string, min: number, max: number) => {
  const n = Number(v);
  if (!Number.isFinite(n) || n < min || n > max) fail(`--${name} must be a number between ${min} and ${max} (got "${v}")`);
  return n;
};
const speed = num("speed", a.speed, 0.1, 100);
const intervalMs = num("interval", a.interval, 1, 60) * 1000;
const backfillMs = num("backfill", a.backfill, 0, 55) * 60_000;
const maxSteps = a.steps === undefined ? Infinity : num("steps", a.steps, 1, 1e9);

const target = { baseUrl: a.target, token };
// A refusal that retrying cannot fix (bad token, invalid samples) ends the run.
const ingest = (samples: TSample[]) =>
  pushSamples(target, samples).catch((err: unknown) => {
    if (err instanceof PushRejectedError && err.status < 500 && err.status !== 429) {
      process.stderr.write(`sim: ${err.message}\n`);
      process.exit(1);
    }
    throw err;
  });
const runner = new SimRunner(
  { scenarios, ingest, save: () => Promise.resolve(), intervalMs, backfillMs },
  { running: true, scenario: a.scenario, speed, lastEmittedAt: null },
);

async function main() {
  if (!scenarios.some((s) => s.name === a.scenario)) fail(`unknown scenario "${a.scenario}" (try --list)`);
  await runner.start(); // builds the model and sends the backfill
  await runner.stop(); // this loop drives the live steps instead of the runner's timer, to count them
  process.stdout.write(`sim: ${a.scenario} → ${a.target} (${runner.samplesSent} samples of history sent)\n`);
  if (a["control-plane-port"] !== undefined) {
    const port = num("control-plane-port", a["control-plane-port"], 1, 65535);
    const server = createServer(createControlPlaneHandler(runner.controlPlane, { token: a["control-plane-token"] }));
    await new Promise<void>((done) => server.listen(port, "127.0.0.1", done));
    server.unref();
    process.stdout.write(`sim: control plane on http://127.0.0.1:${port}/clusters/{cluster}\n`);
  }
  let steps = 0;
  const stop = () => (steps = maxSteps);
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
  while (steps < maxSteps) {
    await new Promise((r) => setTimeout(r, intervalMs - (Date.now() % intervalMs)));
    await runner.tick();
    steps++;
    if (runner.lastError) process.stderr.write(`sim: step failed: ${runner.lastError}\n`);
    else process.stdout.write(`sim: step ${steps}: ${runner.samplesSent} samples sent\n`);
  }
}

main().catch((err: unknown) => fail((err as Error).message));
