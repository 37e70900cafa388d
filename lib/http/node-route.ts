import type { IncomingMessage, ServerResponse } from "node:http";
import { toErrorResponse } from "@/lib/errors";
import { log } from "@/lib/log";

// Serves an App Router route handler straight from node:http, for the few routes where Next's own
// per-request work (routing, its request and response adapters, tracing) costs more than the route.
// The handler is the same function Next would call, so authentication, validation, the error model
// and the metrics are the route's own; only the plumbing between the socket and the handler differs.

type TWebHandler = (req: Request, ctx: { params: Promise<Record<string, string | string[]>> }) => Promise<Response>;
export type TNodeHandler = (req: IncomingMessage, res: ServerResponse) => void;

/**
 * The request body as a web stream that reads nothing until the handler asks for it: a handler that
 * refuses a request before reading its body (401, 429) leaves the body unread, as under Next. A cut
 * off body (the client went away) errors the stream, which `readRawBody` answers with a 400.
 * `discard` throws away whatever the handler did not read, as it arrives: a kept-alive connection
 * can carry the next request only once this one's body has passed.
 */
export function bodyStream(req: IncomingMessage): { stream: ReadableStream<Uint8Array>; discard: () => void } {
  let wake: (() => void) | null = null;
  let ended = false;
  let failure: Error | null = null;
  let listening = false;
  const poke = () => {
    const w = wake;
    wake = null;
    w?.();
  };
  const listen = () => {
    listening = true;
    req.on("readable", poke);
    req.on("end", () => {
      ended = true;
      poke();
    });
    req.on("error", (err) => {
      failure = err;
      poke();
    });
    req.on("close", () => {
      if (!ended && !failure) failure = new Error("aborted");
      poke();
    });
  };
  // A 'readable' listener keeps the request paused (resume() is ignored while one is attached).
  const discard = () => {
    if (listening) req.off("readable", poke);
    if (!req.readableEnded) req.resume();
  };
  const stream = new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        if (!listening) listen();
        for (;;) {
          const chunk = req.read() as Buffer | null;
          if (chunk) return controller.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
          if (failure) return controller.error(failure);
          if (ended) return controller.close();
          await new Promise<void>((resolve) => (wake = resolve));
        }
      },
      // The handler stopped reading (a body over the limit): the rest goes, so the answer still goes
      // out on a connection that stays usable.
      cancel: discard,
    },
    { highWaterMark: 0 },
  );
  return { stream, discard };
}

// The requests this module made: a handler may answer them with its own Content-Encoding, which Next
// would drop from the headers (it forbids it) while sending the encoded body as it is.
const direct = new WeakSet<Request>();

/** True for a request served by `toNodeHandler`, not by Next: its answer's headers go out as they are. */
export function servedDirect(req: Request): boolean {
  return direct.has(req);
}

/** A node:http listener that runs `handler` (an App Router route handler) for one route. */
export function toNodeHandler(handler: TWebHandler, origin: string): TNodeHandler {
  const noParams = { params: Promise.resolve({}) };
  return (req, res) => {
    let body: ReturnType<typeof bodyStream> | null = null;
    void (async () => {
      const headers = new Headers();
      const raw = req.rawHeaders;
      for (let i = 0; i < raw.length; i += 2) headers.append(raw[i]!, raw[i + 1]!);
      const method = req.method ?? "GET";
      const hasBody = method !== "GET" && method !== "HEAD";
      body = hasBody ? bodyStream(req) : null;
      const request = new Request(new URL(req.url ?? "/", origin), {
        method,
        headers,
        body: body?.stream ?? null,
        // @ts-expect-error: Node's fetch needs duplex for a streamed body; the DOM types do not know it
        duplex: "half",
      });
      direct.add(request);
      const response = await handler(request, noParams);
      body?.discard();
      const answer = response.body ? Buffer.from(await response.arrayBuffer()) : null;
      const out: Record<string, string | string[]> = {};
      response.headers.forEach((value, key) => (out[key] = value));
      const cookies = response.headers.getSetCookie();
      if (cookies.length) out["set-cookie"] = cookies;
      if (answer) out["content-length"] = String(answer.length);
      res.writeHead(response.status, out);
      res.end(answer);
    })().catch((err: unknown) => {
      // The route handler answers its own errors; this is the plumbing failing (a malformed URL, a
      // socket gone before the answer).
      log.error("request failed outside its route handler", { url: req.url, err });
      body?.discard();
      if (res.headersSent) return void res.destroy();
      const answer = toErrorResponse(err);
      res.writeHead(answer.status, { "content-type": "application/json" });
      res.end(JSON.stringify(answer.body));
    });
  };
}
