import { AppError } from "@/lib/errors";
import { guardedFetchText, type TResolve, type TUrlPolicy } from "@/lib/net";
import { formatEvent } from "./formats";
import type { TAnyEventType, TWebhookFormat } from "./schemas";
import type { TClaimedDelivery } from "./claim-deliveries";
import { signatureHeaders } from "./sign";

export type TSendOptions = { policy: TUrlPolicy; timeoutMs: number; maxBytes: number; resolve?: TResolve; signal?: AbortSignal };
export type TSendResult = { ok: boolean; status: number | null; latencyMs: number; error: string | null; excerpt: string | null; cancelled: boolean };

const EXCERPT_CHARS = 500;

/** One signed POST of a claimed delivery (the guard re-checks and pins the address each time); never throws. */
export async function sendDelivery(d: TClaimedDelivery, opts: TSendOptions, now: Date): Promise<TSendResult> {
  const options = (d.endpoint.options ?? {}) as { routingKey?: string };
  const event = { id: d.event.id, type: d.event.type as TAnyEventType, payload: d.event.payload, occurredAt: d.event.occurredAt };
  const { body, contentType } = formatEvent(d.endpoint.format as TWebhookFormat, event, options);
  const headers = { "content-type": contentType, "user-agent": "Shardwatch-Webhooks/1", ...signatureHeaders(d.endpoint.secret, d.event.id, now, body) };
  const started = performance.now();
  try {
    const res = await guardedFetchText(d.endpoint.url, { ...opts, method: "POST", body, headers, acceptErrorStatus: true, keepAlive: true });
    const ok = res.status >= 200 && res.status < 300;
    const latencyMs = Math.round(performance.now() - started);
    return { ok, status: res.status, latencyMs, error: ok ? null : `HTTP ${res.status}`, excerpt: res.text.slice(0, EXCERPT_CHARS) || null, cancelled: false };
  } catch (err) {
    const latencyMs = Math.round(performance.now() - started);
    const message = err instanceof AppError ? err.message : `request failed: ${(err as Error).message}`;
    return { ok: false, status: null, latencyMs, error: message.slice(0, 1000), excerpt: null, cancelled: !!opts.signal?.aborted };
  }
}
