import { randomUUID } from "node:crypto";
import type { z } from "zod";
import type { TActor, TPermission } from "@/lib/auth/actor";
import { requirePermission } from "@/lib/auth/require";
import type { TCtx } from "@/lib/context";
import { BusyError, fromZodError, toErrorResponse, UnauthorizedError } from "@/lib/errors";
import { log } from "@/lib/log";
import { getMetrics } from "@/lib/metrics";
import type { TRuntime } from "@/lib/runtime";
import { getRuntime } from "@/lib/runtime";
import { authenticate } from "./authenticate";
import { assertSameOrigin } from "./csrf";
import { readBody } from "./read-body";

// One wrapper for every route handler: request id, authentication, permission, CSRF, zod
// parsing, the error model of DESIGN.md and the request-duration metric.

type TSchema<T> = z.ZodType<T>;
type TNextCtx = { params: Promise<Record<string, string | string[]>> };

export type TRouteArgs<B, Q> = {
  req: Request;
  params: Record<string, string>;
  body: B;
  query: Q;
  rt: TRuntime;
  requestId: string;
};

type TOptions<B, Q> = { route: string; body?: TSchema<B>; query?: TSchema<Q>; maxBodyBytes?: number };

function parseWith<T>(schema: TSchema<T> | undefined, value: unknown, what: string): T {
  if (!schema) return undefined as T;
  const result = schema.safeParse(value);
  if (!result.success) throw fromZodError(result.error, what);
  return result.data;
}

function queryObject(url: URL): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const key of new Set(url.searchParams.keys())) {
    const all = url.searchParams.getAll(key);
    out[key] = all.length > 1 ? all : all[0]!;
  }
  return out;
}

async function run<B, Q, G>(
  opts: TOptions<B, Q>,
  req: Request,
  next: TNextCtx,
  gate: (rt: TRuntime, requestId: string) => Promise<G>,
  inner: (args: TRouteArgs<B, Q>, gated: G) => Promise<Response>,
): Promise<Response> {
  const requestId = req.headers.get("x-request-id")?.slice(0, 64) || randomUUID();
  const started = performance.now();
  let res: Response;
  try {
    const rt = await getRuntime();
    // Who may call comes first: an unauthorized request gets its 401/403 before its body is read.
    const gated = await gate(rt, requestId);
    const raw = await next.params;
    const params = Object.fromEntries(Object.entries(raw ?? {}).map(([k, v]) => [k, Array.isArray(v) ? v.join("/") : v]));
    const query = parseWith(opts.query, queryObject(new URL(req.url)), "The query string");
    const bodyValue = opts.body ? await readBody(req, opts.maxBodyBytes ?? 1_000_000) : undefined;
    const body = parseWith(opts.body, bodyValue, "The request body");
    res = await inner({ req, params, body, query, rt, requestId }, gated);
  } catch (err) {
    const { status, body, headers } = toErrorResponse(err);
    // A BusyError is load shedding, counted in /metrics: one log line each would flood the log under load.
    if (status >= 500 && !(err instanceof BusyError)) log.error("request failed", { requestId, route: opts.route, err });
    res = Response.json(body, { status, headers });
  }
  res.headers.set("x-request-id", requestId);
  getMetrics().httpDuration.observe({ method: req.method, route: opts.route, status: String(res.status) }, (performance.now() - started) / 1000);
  return res;
}

/** An authenticated route: `permission` is checked before the body is read. */
export function withRoute<B = undefined, Q = undefined>(
  opts: TOptions<B, Q> & { permission: TPermission },
  handler: (args: TRouteArgs<B, Q> & { actor: TActor; ctx: TCtx }) => Promise<Response>,
) {
  return (req: Request, next: TNextCtx) =>
    run(
      opts,
      req,
      next,
      async (rt, requestId) => {
        const who = await authenticate(rt, req.headers);
        if (!who) throw new UnauthorizedError("Sign in, or send 'Authorization: Bearer <api token>'");
        if (who.via === "cookie") assertSameOrigin(req, rt.env.baseUrl);
        requirePermission(who.actor, opts.permission);
        const ctx: TCtx = { db: rt.db.prisma, actor: who.actor, requestId };
        return { actor: who.actor, ctx };
      },
      (args, gated) => handler({ ...args, ...gated }),
    );
}

/** A route anyone may call (health, setup, the public status page). */
export function withPublicRoute<B = undefined, Q = undefined>(opts: TOptions<B, Q>, handler: (args: TRouteArgs<B, Q>) => Promise<Response>) {
  return (req: Request, next: TNextCtx) =>
    run(
      opts,
      req,
      next,
      async () => undefined,
      (args) => handler(args),
    );
}
