import { createServer, request as httpRequest, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import zlib from "node:zlib";
import { afterEach, describe, expect, it } from "vitest";
import { COMPRESS_FROM_BYTES, jsonResponse, pickEncoding } from "@/lib/http/json-response";
import { toNodeHandler } from "@/lib/http/node-route";

// jsonResponse compresses large answers itself (Brotli or gzip at a fast setting), but only for a route
// the server answers directly: through Next the header would be dropped and the body sent encoded.
// Checked over real sockets with raw bytes, so the client's own decoding hides nothing.

const servers: Server[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) {
    s.closeAllConnections();
    await new Promise((r) => s.close(r));
  }
});

async function serve(value: unknown): Promise<string> {
  const server = createServer(toNodeHandler((req) => jsonResponse(req, value, { headers: { "x-request-id": "q-1" } }), "http://shardwatch.test"));
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** The raw answer: headers and body bytes as sent, not decoded. */
function get(url: string, acceptEncoding?: string): Promise<{ headers: Record<string, string | string[] | undefined>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    httpRequest(url, { headers: acceptEncoding === undefined ? {} : { "accept-encoding": acceptEncoding } }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve({ headers: res.headers, body: Buffer.concat(chunks) }));
    })
      .on("error", reject)
      .end();
  });
}

const big = { series: Array.from({ length: 200 }, (_, j) => ({ group: { shard: `s-${j}` }, values: Array.from({ length: 300 }, (_, i) => (j * 7 + i) / 3) })) };

describe("pickEncoding", () => {
  it("prefers Brotli, then gzip, and honours q=0 and *", () => {
    expect(pickEncoding("gzip, deflate, br")).toBe("br");
    expect(pickEncoding("gzip, deflate")).toBe("gzip");
    expect(pickEncoding("br;q=0, gzip;q=0.5")).toBe("gzip");
    expect(pickEncoding("*")).toBe("br");
    expect(pickEncoding("*;q=0, gzip")).toBe("gzip");
    expect(pickEncoding("identity")).toBeNull();
    expect(pickEncoding("GZIP;Q=1")).toBe("gzip");
    expect(pickEncoding(null)).toBeNull();
  });
});

describe("jsonResponse", () => {
  it("sends a large answer compressed as the client asked, with its length and Vary, decoding to the same JSON", async () => {
    const url = await serve(big);
    const text = JSON.stringify(big);
    expect(text.length).toBeGreaterThan(COMPRESS_FROM_BYTES);
    const br = await get(url, "gzip, br");
    expect(br.headers["content-encoding"]).toBe("br");
    expect(Number(br.headers["content-length"])).toBe(br.body.length);
    expect(br.body.length).toBeLessThan(text.length / 2);
    expect(zlib.brotliDecompressSync(br.body).toString()).toBe(text);
    const gz = await get(url, "gzip");
    expect(gz.headers["content-encoding"]).toBe("gzip");
    expect(zlib.gunzipSync(gz.body).toString()).toBe(text);
    for (const r of [br, gz]) {
      expect(r.headers.vary).toBe("Accept-Encoding");
      expect(r.headers["content-type"]).toBe("application/json");
      expect(r.headers["x-request-id"]).toBe("q-1");
    }
    // No Accept-Encoding, or only identity: plain JSON.
    for (const accept of [undefined, "identity"]) {
      const plain = await get(url, accept);
      expect(plain.headers["content-encoding"]).toBeUndefined();
      expect(plain.body.toString()).toBe(text);
    }
  });

  it("leaves a small answer as it is", async () => {
    const url = await serve({ ok: true });
    const res = await get(url, "br, gzip");
    expect(res.headers["content-encoding"]).toBeUndefined();
    expect(res.body.toString()).toBe('{"ok":true}');
  });

  it("never encodes an answer that goes out through Next, which would drop the header", async () => {
    const req = new Request("http://shardwatch.test/api/v1/query", { headers: { "accept-encoding": "br, gzip" } });
    const res = await jsonResponse(req, big);
    expect(res.headers.get("content-encoding")).toBeNull();
    expect(await res.text()).toBe(JSON.stringify(big));
  });
});
