import { describe, expect, it } from "vitest";
import { RateLimitedError } from "@/lib/errors";
import type { TRuntime } from "@/lib/runtime";
import { IngestAdmission } from "@/lib/telemetry/admission";
import { PushDecoder } from "@/lib/telemetry/push-decode-pool";
import { pushTelemetry } from "@/lib/telemetry/push";

describe("IngestAdmission", () => {
  it("admits up to its count of pushes, then refuses with 429 and Retry-After until one is released", () => {
    const gate = new IngestAdmission(2, 1 << 20);
    const a = gate.enter(100);
    gate.enter(100);
    const refusal = (() => {
      try {
        gate.enter(100);
      } catch (err) {
        return err;
      }
    })();
    expect(refusal).toBeInstanceOf(RateLimitedError);
    expect(refusal).toMatchObject({ status: 429, retryAfterSeconds: 1, message: "2 pushes are already being received (the limit is 2); retry shortly" });
    a.release();
    a.release(); // twice counts once
    expect(gate.inFlight).toEqual({ requests: 1, bytes: 100 });
    expect(() => gate.enter(100)).not.toThrow();
  });

  it("reserves a declared length on entry and refuses a push whose bytes would go past the budget", () => {
    const gate = new IngestAdmission(10, 1000);
    const a = gate.enter(600);
    expect(() => gate.enter(500)).toThrow(/Pushes being received hold 600 bytes \(the limit is 1000\)/);
    const b = gate.enter(400);
    expect(gate.inFlight).toEqual({ requests: 2, bytes: 1000 });
    b.hold(400); // what it declared: nothing more
    expect(gate.inFlight.bytes).toBe(1000);
    a.release();
    b.release();
    expect(gate.inFlight).toEqual({ requests: 0, bytes: 0 });
  });

  it("counts a push of unknown length as it arrives, and stops it when the others leave no room", () => {
    const gate = new IngestAdmission(10, 1000);
    const other = gate.enter(300);
    const chunked = gate.enter(Number.NaN);
    chunked.hold(500);
    expect(gate.inFlight.bytes).toBe(800);
    expect(() => chunked.hold(300)).toThrow(RateLimitedError);
    chunked.release();
    other.release();
    expect(gate.inFlight).toEqual({ requests: 0, bytes: 0 });
  });

  it("always admits a push alone, whatever its size (the body limit bounds it)", () => {
    const gate = new IngestAdmission(10, 1000);
    const big = gate.enter(5000);
    big.hold(5000);
    big.hold(20_000); // its decompressed body
    expect(gate.inFlight).toEqual({ requests: 1, bytes: 25_000 }); // the bytes read, and the decompressed ones
    expect(() => gate.enter(1)).toThrow(RateLimitedError);
    big.release();
    expect(gate.inFlight).toEqual({ requests: 0, bytes: 0 });
  });
});

describe("pushTelemetry behind the admission gate", () => {
  const admission = new IngestAdmission(2, 1 << 20);
  const rejected: string[] = [];
  const ingested: number[] = [];
  const rt = {
    env: { SHARDWATCH_INGEST_MAX_BODY_BYTES: 5_000_000, SHARDWATCH_INGEST_MAX_PAST_SECONDS: 3600, SHARDWATCH_INGEST_MAX_FUTURE_SECONDS: 60 },
    telemetry: {
      admit: (_source: string, declared: number) => admission.enter(declared),
      decoder: new PushDecoder(0),
      ingest: async (decoded: { count: number }) => {
        ingested.push(decoded.count);
        return { accepted: decoded.count };
      },
      noteRejected: (_source: string, reason: string) => void rejected.push(reason),
    },
  } as unknown as TRuntime;
  const sample = () => JSON.stringify({ samples: [{ type: "shard", cluster: "c", shard: "s-1", node: "n-1", ts: Date.now(), qps: 1 }] });

  /** A push whose body arrives only when `finish` is called; `pulled` says whether it was read at all. */
  function slowPush() {
    let finish!: () => void;
    const state = { pulled: false };
    const arrived = new Promise<void>((resolve) => (finish = resolve));
    const body = new ReadableStream<Uint8Array>(
      {
        async pull(controller) {
          state.pulled = true;
          await arrived;
          controller.enqueue(new TextEncoder().encode(sample()));
          controller.close();
        },
      },
      { highWaterMark: 0 },
    ); // nothing is pulled until the body is read
    const req = new Request("http://127.0.0.1/api/v1/telemetry", {
      method: "POST",
      body,
      duplex: "half",
      headers: { "content-type": "application/json" },
    } as RequestInit);
    return { answer: pushTelemetry(rt, req), finish, state };
  }

  it("answers 429 at once, without reading the body, while the limit's worth of pushes is still arriving; then accepts again", async () => {
    const a = slowPush();
    const b = slowPush();
    const c = slowPush();
    await expect(c.answer).rejects.toMatchObject({ status: 429, code: "rate_limited" });
    await new Promise((r) => setTimeout(r, 10));
    expect([a.state.pulled, b.state.pulled, c.state.pulled]).toEqual([true, true, false]);
    a.finish();
    b.finish();
    await expect(a.answer).resolves.toEqual({ accepted: 1 });
    await expect(b.answer).resolves.toEqual({ accepted: 1 });
    expect(admission.inFlight).toEqual({ requests: 0, bytes: 0 });
    const d = slowPush();
    d.finish();
    await expect(d.answer).resolves.toEqual({ accepted: 1 });
    expect(ingested).toEqual([1, 1, 1]);
    expect(rejected).toEqual([]); // a 429 is counted by the service's admit, not as a bad push
  });

  it("gives the admission back when a push is refused for its content", async () => {
    const req = new Request("http://127.0.0.1/api/v1/telemetry", { method: "POST", body: "{not json", headers: { "content-type": "application/json" } });
    await expect(pushTelemetry(rt, req)).rejects.toMatchObject({ status: 400 });
    expect(admission.inFlight).toEqual({ requests: 0, bytes: 0 });
  });
});
