import { createHash, timingSafeEqual } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { BadRequestError, PayloadTooLargeError, UnauthorizedError, UnsupportedMediaError } from "@/lib/errors";

// Request plumbing for the node:http control-plane handler: bearer check, bounded JSON body, JSON answer.

/** Compares digests so the check takes the same time whatever the given token's length or prefix. */
export function checkBearer(req: IncomingMessage, token: string | undefined): void {
  if (!token) return;
  const given = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? "")?.[1];
  const digest = (s: string) => createHash("sha256").update(s).digest();
  if (!given || !timingSafeEqual(digest(given), digest(token))) {
    throw new UnauthorizedError(given ? "The bearer token is not valid" : "A bearer token is required (Authorization: Bearer <token>)");
  }
}

/** Reads a JSON body of at most `maxBytes`, refusing a larger one before it is all in memory. */
export function readJsonBody(req: IncomingMessage, maxBytes: number): Promise<unknown> {
  const declared = Number(req.headers["content-length"] ?? NaN);
  if (declared > maxBytes) return Promise.reject(new PayloadTooLargeError(`Body is ${declared} bytes; the limit is ${maxBytes}`));
  const type = req.headers["content-type"] ?? "";
  if (!/^application\/json\b/i.test(type)) return Promise.reject(new UnsupportedMediaError(`Expected Content-Type: application/json (got "${type}")`));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= maxBytes) return void chunks.push(chunk);
      req.off("data", onData).resume(); // drain the rest without keeping it
      reject(new PayloadTooLargeError(`Body exceeds the limit of ${maxBytes} bytes`));
    };
    req.on("data", onData);
    req.on("error", reject);
    req.on("end", () => {
      const text = Buffer.concat(chunks).toString("utf8");
      if (!text.trim()) return reject(new BadRequestError("A JSON body is required"));
      try {
        resolve(JSON.parse(text) as unknown);
      } catch (err) {
        reject(new BadRequestError(`The body is not valid JSON: ${(err as Error).message}`));
      }
    });
  });
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { ...headers, "content-type": "application/json; charset=utf-8", "content-length": Buffer.byteLength(text), "cache-control": "no-store" });
  res.end(text);
}
