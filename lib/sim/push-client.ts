import { gzipSync } from "node:zlib";
import type { TSample } from "@/lib/telemetry/sample";

// Pushes samples to a Shardwatch over HTTP (POST /api/v1/telemetry), the way an external agent would:
// gzip, bearer token, honouring 429 Retry-After and retrying network failures with backoff.

export type TPushTarget = { baseUrl: string; token: string; fetch?: typeof fetch; sleep?: (ms: number) => Promise<void>; maxAttempts?: number };

export class PushRejectedError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

const BATCH = 10_000;
const sleeper = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

async function postBatch(t: TPushTarget, samples: TSample[]): Promise<number> {
  const body = gzipSync(JSON.stringify({ samples }));
  const doFetch = t.fetch ?? fetch;
  const sleep = t.sleep ?? sleeper;
  for (let attempt = 1; ; attempt++) {
    let res: Response;
    try {
      res = await doFetch(new URL("/api/v1/telemetry", t.baseUrl), {
        method: "POST",
        headers: { authorization: `Bearer ${t.token}`, "content-type": "application/json", "content-encoding": "gzip" },
        body,
        signal: AbortSignal.timeout(30_000),
      });
    } catch (err) {
      if (attempt >= (t.maxAttempts ?? 5)) throw new Error(`Could not reach ${t.baseUrl}: ${(err as Error).message}`);
      await sleep(Math.min(30_000, 500 * 2 ** attempt));
      continue;
    }
    if (res.status === 202) return ((await res.json()) as { accepted: number }).accepted;
    const text = await res.text();
    if ((res.status === 429 || res.status >= 500) && attempt < (t.maxAttempts ?? 5)) {
      await sleep(Number(res.headers.get("retry-after") ?? 1) * 1000);
      continue;
    }
    let message = text.slice(0, 500);
    try {
      message = (JSON.parse(text) as { error: { message: string } }).error.message;
    } catch {
      /* not the JSON error shape: show the text */
    }
    throw new PushRejectedError(res.status, `${t.baseUrl} answered ${res.status}: ${message}`);
  }
}

/** Sends in batches of 10,000; resolves with the number accepted. */
export async function pushSamples(t: TPushTarget, samples: TSample[]): Promise<number> {
  let accepted = 0;
  for (let i = 0; i < samples.length; i += BATCH) accepted += await postBatch(t, samples.slice(i, i + BATCH));
  return accepted;
}
