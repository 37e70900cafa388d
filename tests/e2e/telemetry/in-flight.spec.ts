import { request as httpRequest, type ClientRequest } from "node:http";
import { expect, test } from "@playwright/test";

// The built server bounds the pushes it is receiving (SHARDWATCH_INGEST_MAX_IN_FLIGHT, 64 by default):
// past it a push is refused at once, unread, and a client that goes away mid-body gives its place back.
const TOKEN = process.env.E2E_BOOTSTRAP_TOKEN!;
const PORT = () => Number(process.env.E2E_PORT);
const LIMIT = 64;

const gauge = async (name: string) => {
  const text = await (await fetch(`http://127.0.0.1:${PORT()}/metrics`)).text();
  return Number(new RegExp(`^${name}(?:\\{[^}]*\\})? (\\S+)$`, "m").exec(text)?.[1] ?? NaN);
};

/** A push that sends its headers and the start of its body, then nothing more until destroyed. */
function stalledPush(): ClientRequest {
  const req = httpRequest({
    host: "127.0.0.1",
    port: PORT(),
    path: "/api/v1/telemetry",
    method: "POST",
    headers: { authorization: `Bearer ${TOKEN}`, "content-type": "application/json", "content-length": "100000" },
  });
  req.on("error", () => undefined); // destroyed on purpose
  req.write('{"samples":[');
  return req;
}

test("[TELEMETRY] past the in-flight limit a push gets 429 (remote_write 503) at once, and a client gone mid-body frees its place", async () => {
  const stalled = Array.from({ length: LIMIT }, stalledPush);
  try {
    await expect.poll(() => gauge("shardwatch_ingest_in_flight_requests"), { timeout: 15_000 }).toBe(LIMIT);
    expect(await gauge("shardwatch_ingest_in_flight_bytes")).toBe(LIMIT * 100_000); // declared lengths, reserved

    const ts = Date.now();
    const body = JSON.stringify({ samples: [{ type: "shard", cluster: "in-flight-e2e", shard: "s-1", node: "n-1", ts, qps: 5 }] });
    const headers = { authorization: `Bearer ${TOKEN}`, "content-type": "application/json" };
    const started = performance.now();
    const refused = await fetch(`http://127.0.0.1:${PORT()}/api/v1/telemetry`, { method: "POST", headers, body });
    expect(refused.status).toBe(429);
    expect(refused.headers.get("retry-after")).toBe("1");
    const { error } = (await refused.json()) as { error: { code: string; message: string } };
    expect(error).toEqual({ code: "rate_limited", message: `${LIMIT} pushes are already being received (the limit is ${LIMIT}); retry shortly` });
    expect(performance.now() - started).toBeLessThan(5_000); // answered, not queued behind the stalled ones

    // Prometheus drops a batch answered 429 and retries a 5xx: remote_write says 503 for the same reason.
    const write = await fetch(`http://127.0.0.1:${PORT()}/api/v1/write`, {
      method: "POST",
      headers: { authorization: `Bearer ${TOKEN}`, "content-encoding": "snappy", "content-type": "application/x-protobuf" },
      body: new Uint8Array([0]),
    });
    expect(write.status).toBe(503);
    expect(write.headers.get("retry-after")).toBe("1");

    // The clients give up mid-body: their places come back, and pushes are taken again.
    stalled.forEach((req) => req.destroy());
    await expect.poll(() => gauge("shardwatch_ingest_in_flight_requests"), { timeout: 15_000 }).toBe(0);
    expect(await gauge("shardwatch_ingest_in_flight_bytes")).toBe(0);
    const accepted = await fetch(`http://127.0.0.1:${PORT()}/api/v1/telemetry`, { method: "POST", headers, body });
    expect(accepted.status, await accepted.text()).toBe(202);
  } finally {
    stalled.forEach((req) => req.destroy());
  }
});
