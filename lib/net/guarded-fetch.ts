import type { IncomingMessage } from "node:http";
import http from "node:http";
import https from "node:https";
import type { LookupFunction } from "node:net";
import { AppError } from "@/lib/errors";
import { pooledAgent } from "./agent-pool";
import { checkOutboundUrl, type TCheckedUrl, type TResolve, type TResolvedAddress, type TUrlPolicy } from "./url-guard";

// An HTTP request that connects only to the addresses the guard approved (so DNS rebinding between the
// check and the connect cannot redirect it), never follows redirects, and caps time and size.

export type TFetchFailure = "timeout" | "cancelled" | "redirect" | "http" | "too_large" | "network";

export class FetchFailedError extends AppError {
  static override readonly kind: string = "FetchFailedError";
  override readonly status = 502;
  override readonly code = "upstream_failed";
  constructor(
    readonly kind: TFetchFailure,
    message: string,
  ) {
    super(message);
  }
}

export type TGuardedFetchOptions = {
  policy: TUrlPolicy;
  timeoutMs: number;
  maxBytes: number;
  headers?: Record<string, string>;
  /** GET when unset; a body is sent as given (set its content-type in `headers`). */
  method?: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  body?: string;
  /** Resolve with 4xx/5xx answers and their body instead of failing (redirects still fail). */
  acceptErrorStatus?: boolean;
  /** Aborts the request early (e.g. a scheduler stopping); reported as "cancelled". */
  signal?: AbortSignal;
  resolve?: TResolve;
  /** Reuse kept-alive connections to the same checked address (see agent-pool.ts); a fresh one each time otherwise. */
  keepAlive?: boolean;
};
export type TFetchedText = { status: number; text: string; bytes: number; address: string; contentType: string | null };

/** A connect-time lookup that ignores DNS and answers with the pinned, already checked addresses. */
export function pinnedLookup(addresses: TResolvedAddress[]): LookupFunction {
  return (_hostname, options, callback) => {
    const wanted = options.family === 4 || options.family === 6 ? addresses.filter((a) => a.family === options.family) : addresses;
    const first = wanted[0];
    if (!first) return callback(Object.assign(new Error("no pinned address of the requested family"), { code: "ENOTFOUND" }), "", 0);
    if (options.all) return callback(null, wanted);
    callback(null, first.address, first.family);
  };
}

const seconds = (ms: number) => `${Number((ms / 1000).toFixed(3))} s`;
const sizeOf = (bytes: number) =>
  bytes >= 1_048_576 ? `${Number((bytes / 1_048_576).toFixed(1))} MB` : bytes >= 1024 ? `${Number((bytes / 1024).toFixed(1))} KB` : `${bytes} bytes`;

function networkError(err: NodeJS.ErrnoException, target: TCheckedUrl): FetchFailedError {
  const where = `${target.address}:${target.url.port || (target.url.protocol === "https:" ? 443 : 80)}`;
  const byCode: Record<string, string> = {
    ECONNREFUSED: `connection refused by ${where}`,
    ECONNRESET: `connection reset by ${where}`,
    EHOSTUNREACH: `host ${target.address} is unreachable`,
    ENETUNREACH: `network unreachable for ${target.address}`,
    EPIPE: `connection closed by ${where}`,
  };
  const known = err.code ? byCode[err.code] : undefined;
  if (known) return new FetchFailedError("network", known);
  if (err.code?.startsWith("ERR_TLS") || /CERT|SSL/.test(err.code ?? "")) return new FetchFailedError("network", `TLS failed: ${err.message}`);
  return new FetchFailedError("network", `request failed: ${err.message}`);
}

function responseError(res: IncomingMessage, opts: TGuardedFetchOptions): FetchFailedError | null {
  const { maxBytes } = opts;
  const status = res.statusCode ?? 0;
  const label = `HTTP ${status}${res.statusMessage ? ` ${res.statusMessage}` : ""}`;
  if (status >= 300 && status < 400) {
    const to = res.headers.location ? ` to ${res.headers.location.slice(0, 200)}` : "";
    return new FetchFailedError("redirect", `${label}: redirect${to} not followed (give the final URL)`);
  }
  if ((status < 200 || status >= 300) && !opts.acceptErrorStatus) return new FetchFailedError("http", label);
  const declared = Number(res.headers["content-length"] ?? NaN);
  if (declared > maxBytes) return new FetchFailedError("too_large", `response of ${sizeOf(declared)} is over the ${sizeOf(maxBytes)} limit`);
  return null;
}

function requestText(target: TCheckedUrl, opts: TGuardedFetchOptions, signal: AbortSignal): Promise<TFetchedText> {
  return new Promise((resolve, reject) => {
    const client = target.url.protocol === "https:" ? https : http;
    const chunks: Buffer[] = [];
    let bytes = 0;
    const fail = (err: Error) => {
      signal.removeEventListener("abort", onAbort);
      req.destroy();
      reject(err);
    };
    const onAbort = () => fail(signal.reason as Error);
    // Without keepAlive, agent: false gives a fresh connection each time; with it, the pool's agent for
    // this very address, and the lookup pinned to that address alone.
    const method = opts.method ?? "GET";
    const headers = opts.body === undefined ? opts.headers : { ...opts.headers, "content-length": String(Buffer.byteLength(opts.body)) };
    const connect = opts.keepAlive
      ? { agent: pooledAgent(target), lookup: pinnedLookup([{ address: target.address, family: target.family }]) }
      : { agent: false as const, lookup: pinnedLookup(target.addresses) };
    const req = client.request(target.url, { method, headers, ...connect }, (res) => {
      const bad = responseError(res, opts);
      if (bad) return fail(bad);
      res.on("data", (chunk: Buffer) => {
        bytes += chunk.length;
        if (bytes > opts.maxBytes) return fail(new FetchFailedError("too_large", `response is over the ${sizeOf(opts.maxBytes)} limit`));
        chunks.push(chunk);
      });
      res.on("error", (err) => fail(networkError(err, target)));
      res.on("end", () => {
        signal.removeEventListener("abort", onAbort);
        const contentType = res.headers["content-type"] ?? null;
        resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString("utf8"), bytes, address: target.address, contentType });
      });
    });
    req.on("error", (err) => fail(networkError(err, target)));
    signal.addEventListener("abort", onAbort, { once: true });
    if (signal.aborted) return onAbort(); // aborted between the check and here: no event will come
    req.end(opts.body);
  });
}

/** Requests (by default GETs) a URL that passes the guard and returns its body as text; every failure is a FetchFailedError or UrlRefusedError. */
export async function guardedFetchText(url: string | URL, opts: TGuardedFetchOptions): Promise<TFetchedText> {
  const timeout = AbortSignal.timeout(opts.timeoutMs);
  const signal = opts.signal ? AbortSignal.any([timeout, opts.signal]) : timeout;
  try {
    signal.throwIfAborted();
    const target = await checkOutboundUrl(url, opts.policy, { resolve: opts.resolve, signal });
    return await requestText(target, opts, signal);
  } catch (err) {
    if (timeout.aborted) throw new FetchFailedError("timeout", `timed out after ${seconds(opts.timeoutMs)}`);
    if (opts.signal?.aborted) throw new FetchFailedError("cancelled", "cancelled before the response arrived");
    throw err;
  }
}
