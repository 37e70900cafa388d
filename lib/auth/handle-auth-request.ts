import { toErrorResponse, RateLimitedError } from "@/lib/errors";
import type { TRuntime } from "@/lib/runtime";
import { clearSignInFailures, recordSignInFailure, signInRetryAfter } from "./sign-in-limiter";

/**
 * The client address as the trusted reverse proxy appended it (last X-Forwarded-For entry). Without a
 * trusted proxy the header is whatever the client sent (Next.js only fills it when absent), so it is unused.
 */
export function clientAddress(headers: Headers, trustProxy: boolean): string | null {
  if (!trustProxy) return null;
  const chain = (headers.get("x-forwarded-for") ?? "").split(",").map((s) => s.trim()).filter(Boolean);
  return chain[chain.length - 1] ?? null;
}

/** Failure counters a sign-in touches: the account, the client (behind a trusted proxy), and everyone. */
export function signInKeys(email: string, address: string | null): { key: string; scale: number }[] {
  return [
    ...(email ? [{ key: `email:${email}`, scale: 1 }] : []),
    ...(address ? [{ key: `ip:${address}`, scale: 4 }] : []),
    { key: "all", scale: 50 },
  ];
}

async function emailOf(req: Request): Promise<string> {
  try {
    const body = (await req.clone().json()) as { email?: unknown };
    return typeof body.email === "string" ? body.email.trim().toLowerCase() : "";
  } catch {
    return "";
  }
}

/** better-auth's handler, with failed email sign-ins limited per account and per client address. */
export async function handleAuthRequest(rt: TRuntime, req: Request): Promise<Response> {
  if (req.method !== "POST" || !new URL(req.url).pathname.endsWith("/sign-in/email")) return rt.auth.handler(req);
  const email = await emailOf(req);
  const keys = signInKeys(email, clientAddress(req.headers, rt.env.SHARDWATCH_TRUST_PROXY));
  const limit = { maxAttempts: rt.env.SHARDWATCH_SIGNIN_MAX_ATTEMPTS, windowSeconds: rt.env.SHARDWATCH_SIGNIN_WINDOW_SECONDS };
  const wait = signInRetryAfter(keys, limit);
  if (wait > 0) {
    const { status, body, headers } = toErrorResponse(
      new RateLimitedError(`Too many failed sign-ins; try again in ${wait} s`, wait),
    );
    return Response.json({ ...body, message: body.error.message }, { status, headers });
  }
  const res = await rt.auth.handler(req);
  if (res.status === 401 || res.status === 403) recordSignInFailure(keys.map((k) => k.key));
  else if (res.ok && email) clearSignInFailures(`email:${email}`);
  return res;
}
