import { randomUUID } from "node:crypto";
import { z } from "zod";
import { AppError, ConflictError, formatPath, NotFoundError, ValidationError, type TIssue } from "@/lib/errors";
import { FetchFailedError, guardedFetchText, type TFetchedText } from "@/lib/net/guarded-fetch";
import { UrlRefusedError, type TResolve, type TUrlPolicy } from "@/lib/net/url-guard";

// One JSON request to a control plane, its answer validated, and every failure turned into one of the
// app's errors: the operator sees which control plane URL failed and why, never the token.

/** The control plane failed or answered something unusable: 502, or 503 when it may recover by itself. */
export class ControlPlaneError extends AppError {
  static override readonly kind: string = "ControlPlaneError";
  override readonly code: string;
  constructor(
    message: string,
    override readonly status: 502 | 503 = 502,
  ) {
    super(message);
    this.code = status === 503 ? "control_plane_unavailable" : "control_plane_failed";
  }
}

export type TCallConfig = { token?: string; timeoutMs: number; policy: TUrlPolicy; resolve?: TResolve };
export type TCall = { method: "GET" | "POST"; url: string; body?: unknown; maxBytes: number; what: string };

const ZUpstreamError = z.object({
  error: z.object({
    message: z.string(),
    issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  }),
});

function headersFor(cfg: TCallConfig, call: TCall): Record<string, string> {
  const headers: Record<string, string> = { accept: "application/json", "user-agent": "Shardwatch control-plane adapter" };
  if (cfg.token) headers.authorization = `Bearer ${cfg.token}`;
  if (call.method === "POST") {
    headers["content-type"] = "application/json";
    // A fresh key per call: a retry by a proxy or the control plane's client library is not applied twice.
    headers["idempotency-key"] = randomUUID();
  }
  return headers;
}

function transportError(err: unknown, where: string): Error {
  if (err instanceof UrlRefusedError) return new ControlPlaneError(`control plane ${where} was ${err.message}`);
  if (err instanceof FetchFailedError) {
    const transient = err.kind === "timeout" || err.kind === "network" || err.kind === "cancelled";
    return new ControlPlaneError(`control plane ${where} failed: ${err.message}`, transient ? 503 : 502);
  }
  return err instanceof Error ? err : new Error(String(err));
}

function upstreamMessage(res: TFetchedText): { message: string | null; issues?: TIssue[] } {
  try {
    const parsed = ZUpstreamError.safeParse(JSON.parse(res.text));
    if (parsed.success) return parsed.data.error;
  } catch {
    // not JSON: fall through to the raw text
  }
  const text = res.text.trim().replace(/\s+/g, " ").slice(0, 200);
  return { message: text || null };
}

function statusError(res: TFetchedText, where: string): AppError {
  const { message, issues } = upstreamMessage(res);
  const told = message ?? `control plane ${where} answered HTTP ${res.status}`;
  if (res.status === 404) return new NotFoundError(told);
  if (res.status === 409) return new ConflictError(told);
  if (res.status === 400 || res.status === 422) return new ValidationError(told, issues);
  const detail = message ? `: ${message}` : "";
  if (res.status === 401 || res.status === 403) {
    return new ControlPlaneError(`control plane ${where} refused Shardwatch's credentials (HTTP ${res.status})${detail}`);
  }
  const transient = res.status === 429 || res.status === 503 || res.status === 504;
  return new ControlPlaneError(`control plane ${where} failed with HTTP ${res.status}${detail}`, transient ? 503 : 502);
}

function parseAnswer<T>(res: TFetchedText, schema: z.ZodType<T>, call: TCall, where: string): T {
  let json: unknown;
  try {
    json = JSON.parse(res.text);
  } catch (err) {
    throw new ControlPlaneError(`control plane ${where} answered with invalid JSON (${(err as Error).message})`);
  }
  const parsed = schema.safeParse(json);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.slice(0, 3).map((i) => `${formatPath(i.path)}: ${i.message}`);
  const more = parsed.error.issues.length > 3 ? ` and ${parsed.error.issues.length - 3} more` : "";
  throw new ControlPlaneError(`control plane ${where} answered with an invalid ${call.what} (${problems.join("; ")}${more})`);
}

/** Sends one request and returns the answer parsed with `schema`; every failure is an AppError. */
export async function callControlPlane<T>(cfg: TCallConfig, call: TCall, schema: z.ZodType<T>): Promise<T> {
  const where = `${call.method} ${call.url}`;
  let res: TFetchedText;
  try {
    res = await guardedFetchText(call.url, {
      policy: cfg.policy,
      timeoutMs: cfg.timeoutMs,
      maxBytes: call.maxBytes,
      method: call.method,
      body: call.body === undefined ? undefined : JSON.stringify(call.body),
      headers: headersFor(cfg, call),
      acceptErrorStatus: true,
      resolve: cfg.resolve,
    });
  } catch (err) {
    throw transportError(err, where);
  }
  if (res.status >= 400) throw statusError(res, where);
  return parseAnswer(res, schema, call, where);
}
