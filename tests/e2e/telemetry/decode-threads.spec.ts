import { expect, test } from "@playwright/test";

// The production build runs JSON pushes through its decode thread (push-decode-pool.ts): a bundling
// change that broke the thread would only show as a warning and a slower server, so check it here.
const TOKEN = process.env.E2E_BOOTSTRAP_TOKEN!;
const BASE = () => `http://127.0.0.1:${process.env.E2E_PORT}`;

const gauge = async (name: string) => {
  const text = await (await fetch(`${BASE()}/metrics`)).text();
  return Number(new RegExp(`^${name}(?:\\{[^}]*\\})? (\\S+)$`, "m").exec(text)?.[1] ?? NaN);
};

test("[TELEMETRY] the built server decodes pushes on its decode thread, and it answers for them", async () => {
  const ts = Date.now();
  const push = (samples: unknown[]) =>
    fetch(`${BASE()}/api/v1/telemetry`, {
      method: "POST",
      headers: { authorization: `Bearer ${TOKEN}`, "content-type": "application/json" },
      body: JSON.stringify({ samples }),
    });
  const ok = await push([{ type: "shard", cluster: "decode-e2e", shard: "s-1", node: "n-1", ts, qps: 5 }]);
  expect(ok.status).toBe(202);
  const bad = await push([{ type: "shard", cluster: "decode-e2e", shard: "s-1", node: "n-1", ts, qps: -5 }]);
  expect(bad.status).toBe(422);
  expect(((await bad.json()) as { error: { issues: { path: string }[] } }).error.issues.map((i) => i.path)).toEqual(["samples[0].qps"]);
  expect(await gauge("shardwatch_ingest_decode_threads")).toBe(1); // still alive after both answers
});
