import { promisify } from "node:util";
import zlib from "node:zlib";
import { servedDirect } from "./node-route";

// Large JSON answers (a 1,000-shard range query is 1.5–2.7 MB) compressed here at a fast setting instead
// of by Next's compression middleware, which gzips at zlib's default level 6: on a by=shard answer of
// noisy values that is ~96 ms of CPU against ~30 ms at gzip level 1 and ~21 ms at Brotli quality 1, for
// nearly the same size (VALUES=noisy npm run bench:query-range). Only for a route the server answers itself (scripts/serve.mjs): Next
// drops a route handler's Content-Encoding header, so through Next the answer goes out as text and
// Next compresses it as before.

const gzip = promisify(zlib.gzip);
const brotli = promisify(zlib.brotliCompress);

/** Answers below this go out as they are (as under Next's compression middleware: 1 KB). */
export const COMPRESS_FROM_BYTES = 1024;

/** The encoding to use for `accept` (an Accept-Encoding header): br, then gzip, where not refused with q=0. */
export function pickEncoding(accept: string | null): "br" | "gzip" | null {
  if (!accept) return null;
  const offered = new Map<string, number>();
  for (const part of accept.toLowerCase().split(",")) {
    const [name, ...params] = part.trim().split(";");
    const q = params.map((p) => /^\s*q=([0-9.]+)\s*$/.exec(p)?.[1]).find((v) => v !== undefined);
    offered.set(name!.trim(), q === undefined ? 1 : Number(q));
  }
  const ok = (name: string) => (offered.get(name) ?? offered.get("*") ?? 0) > 0;
  return ok("br") ? "br" : ok("gzip") ? "gzip" : null;
}

/** `value` as a JSON response, compressed (Brotli quality 1 or gzip level 1) when it is large and the client accepts it. */
export async function jsonResponse(req: Request, value: unknown, init: ResponseInit = {}): Promise<Response> {
  const text = JSON.stringify(value);
  const headers = new Headers(init.headers);
  headers.set("content-type", "application/json");
  const direct = servedDirect(req);
  if (direct) headers.append("vary", "Accept-Encoding");
  const encoding = direct && text.length >= COMPRESS_FROM_BYTES ? pickEncoding(req.headers.get("accept-encoding")) : null;
  if (!encoding) return new Response(text, { ...init, headers });
  const body =
    encoding === "br"
      ? await brotli(text, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 1, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: text.length } })
      : await gzip(text, { level: 1 });
  headers.set("content-encoding", encoding);
  headers.set("content-length", String(body.byteLength));
  return new Response(new Uint8Array(body.buffer, body.byteOffset, body.byteLength), { ...init, headers });
}
