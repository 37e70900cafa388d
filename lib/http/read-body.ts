import { BadRequestError, PayloadTooLargeError } from "@/lib/errors";

/** The body length a request declares (Content-Length), NaN when it does not say. */
export function declaredLength(req: Request): number {
  return Number(req.headers.get("content-length") ?? "NaN");
}

/**
 * Reads the raw body bytes, refusing more than `maxBytes` before it is all in memory. `onChunk` sees
 * each chunk's size as it arrives; when it throws, reading stops and its error is the answer.
 */
export async function readRawBody(req: Request, maxBytes: number, onChunk?: (bytes: number) => void): Promise<Buffer> {
  const declared = declaredLength(req);
  if (declared > maxBytes) throw new PayloadTooLargeError(`Body is ${declared} bytes; the limit is ${maxBytes}`);
  if (!req.body) return Buffer.alloc(0);
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    // A client that goes away mid-body ("aborted") or sends a broken chunked body is a bad request,
    // not a server error (it would be logged as one, once per dropped connection).
    const { done, value } = await reader.read().catch((err: unknown) => {
      throw new BadRequestError(`The body could not be read (${(err as Error).message})`);
    });
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      throw new PayloadTooLargeError(`Body exceeds the limit of ${maxBytes} bytes`);
    }
    if (onChunk) {
      try {
        onChunk(value.byteLength);
      } catch (err) {
        await reader.cancel();
        throw err;
      }
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

/** Reads a JSON body, refusing more than `maxBytes` before it is all in memory. */
export async function readBody(req: Request, maxBytes: number): Promise<unknown> {
  const raw = await readRawBody(req, maxBytes);
  const text = new TextDecoder("utf-8", { fatal: false }).decode(raw);
  if (!text.trim()) throw new BadRequestError("A JSON body is required");
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw new BadRequestError(`The body is not valid JSON: ${(err as Error).message}`);
  }
}
