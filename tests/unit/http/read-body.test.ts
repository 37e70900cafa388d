import { describe, expect, it } from "vitest";
import { BadRequestError, PayloadTooLargeError, RateLimitedError } from "@/lib/errors";
import { readRawBody } from "@/lib/http/read-body";

const post = (body: BodyInit, headers: Record<string, string> = {}) =>
  new Request("http://127.0.0.1/x", { method: "POST", body, headers, duplex: "half" } as RequestInit);

describe("readRawBody", () => {
  it("reads the whole body and shows each chunk's size to onChunk", async () => {
    const seen: number[] = [];
    const raw = await readRawBody(post("hello"), 100, (n) => seen.push(n));
    expect(raw.toString()).toBe("hello");
    expect(seen.reduce((a, b) => a + b, 0)).toBe(5);
  });

  it("refuses a body over the limit, by its declared length or as it arrives", async () => {
    await expect(readRawBody(post("x".repeat(10), { "content-length": "10" }), 5)).rejects.toBeInstanceOf(PayloadTooLargeError);
    const chunked = new ReadableStream<Uint8Array>({
      start(c) {
        c.enqueue(new Uint8Array(4));
        c.enqueue(new Uint8Array(4));
        c.close();
      },
    });
    await expect(readRawBody(post(chunked), 5)).rejects.toThrow("Body exceeds the limit of 5 bytes");
  });

  it("answers a body cut off by the client (the connection closed mid-body) with 400, not 500", async () => {
    const cut = new ReadableStream<Uint8Array>({
      start(c) {
        c.enqueue(new TextEncoder().encode('{"samples":['));
        c.error(new Error("aborted")); // what node:http gives a request whose client went away
      },
    });
    const err = await readRawBody(post(cut), 100).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BadRequestError);
    expect(err).toMatchObject({ status: 400, message: "The body could not be read (aborted)" });
  });

  it("stops reading, and gives onChunk's error as the answer, when onChunk refuses a chunk", async () => {
    let pulls = 0;
    const endless = new ReadableStream<Uint8Array>({
      pull(c) {
        pulls++;
        c.enqueue(new Uint8Array(10));
      },
    });
    const refuse = () => {
      throw new RateLimitedError("too many bytes in flight", 1);
    };
    await expect(readRawBody(post(endless), 1_000_000, refuse)).rejects.toBeInstanceOf(RateLimitedError);
    const after = pulls;
    await new Promise((r) => setTimeout(r, 20));
    expect(pulls).toBe(after); // cancelled: nothing more is read
  });
});
