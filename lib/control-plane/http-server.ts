import type { IncomingMessage, ServerResponse } from "node:http";
import type { z } from "zod";
import { AppError, BadRequestError, fromZodError, NotFoundError, toErrorResponse } from "@/lib/errors";
import { log } from "@/lib/log";
import { createIdempotencyCache, type TIdempotencyCache } from "./idempotency";
import { checkBearer, readJsonBody, sendJson } from "./node-request";
import {
  matchRoute,
  ZMoveBody,
  ZOperationList,
  ZOverlayBody,
  ZRouteReadsBody,
  ZSaltBody,
  ZSplitBody,
  ZThrottleBody,
  type TMatchedRoute,
} from "./protocol";
import { ZOperation, ZShardLoad, ZTopology, type TControlPlane } from "./types";

// Serves the control-plane protocol (docs/control-plane.md) for any TControlPlane, so the simulator's
// control plane can be driven by another Shardwatch and the HTTP adapter can be tested end to end.

export type TControlPlaneHandlerOptions = {
  /** When set, every request needs `Authorization: Bearer <token>`. */
  token?: string;
  /** Largest request body; default 1 MB (a cache overlay can list thousands of keys). */
  maxBodyBytes?: number;
};
type TAnswer = { status: number; body: unknown };

class MethodNotAllowedError extends AppError {
  static override readonly kind: string = "MethodNotAllowedError";
  override readonly status = 405;
  override readonly code = "method_not_allowed";
}

function input<T>(schema: z.ZodType<T>, body: unknown): T {
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw fromZodError(parsed.error, "The body");
  return parsed.data;
}

// The plane's answers are checked too: a broken plane is a 500 here, not a client's 422.
function output<T>(schema: z.ZodType<T>, value: unknown, status = 200): TAnswer {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new Error(`the control plane returned an invalid answer: ${parsed.error.message}`);
  return { status, body: parsed.data };
}

function needCluster(cluster: string | null): string {
  if (!cluster) throw new BadRequestError("Name the cluster: /clusters/{cluster}/... or ?cluster=");
  return cluster;
}

async function dispatch(plane: TControlPlane, matched: TMatchedRoute, cluster: string | null, body: unknown): Promise<TAnswer> {
  const { route } = matched;
  const op = async (p: Promise<unknown>) => output(ZOperation, await p, 202);
  switch (route.kind) {
    case "topology":
      return output(ZTopology, await plane.describeTopology(needCluster(cluster)));
    case "shard-load":
      return output(ZShardLoad, await plane.inspectShard(needCluster(cluster), route.shard));
    case "operations":
      return output(ZOperationList, { operations: await plane.listOperations(cluster ?? undefined) });
    case "operation":
      return output(ZOperation, await plane.getOperation(route.id));
    case "rollback":
      return op(plane.rollback(route.id));
    case "cluster-throttle":
      return op(plane.throttle(needCluster(cluster), "cluster", input(ZThrottleBody, body).limitQps));
    case "key-salting":
      return op(plane.enableKeySalting(needCluster(cluster), route.key, input(ZSaltBody, body).buckets));
    case "cache-overlay": {
      const { keys, ttlSeconds } = input(ZOverlayBody, body);
      return op(plane.enableCacheOverlay(needCluster(cluster), keys, ttlSeconds));
    }
    case "shard":
      return op(shardAction(plane, needCluster(cluster), route.shard, route.action, body));
  }
}

function shardAction(plane: TControlPlane, cluster: string, shard: string, action: "split" | "move" | "throttle" | "route-reads", body: unknown) {
  if (action === "split") return plane.splitShard(cluster, shard, input(ZSplitBody, body));
  if (action === "move") {
    const { toNode, bufferWrites } = input(ZMoveBody, body);
    return plane.moveShard(cluster, shard, toNode, { bufferWrites });
  }
  if (action === "throttle") return plane.throttle(cluster, shard, input(ZThrottleBody, body).limitQps);
  return plane.routeReadsToReplicas(cluster, shard, input(ZRouteReadsBody, body).fraction);
}

type TServeContext = { plane: TControlPlane; opts: TControlPlaneHandlerOptions; replays: TIdempotencyCache<TAnswer> };

async function serve({ plane, opts, replays }: TServeContext, req: IncomingMessage): Promise<TAnswer> {
  checkBearer(req, opts.token);
  const url = new URL(req.url ?? "/", "http://control-plane.invalid");
  const matched = matchRoute(url.pathname);
  if (!matched) throw new NotFoundError(`No control-plane endpoint at ${url.pathname}`);
  if (req.method !== matched.method) throw new MethodNotAllowedError(`${url.pathname} accepts ${matched.method} only`);
  const cluster = matched.cluster ?? (url.searchParams.get("cluster") || null);
  const needsBody = matched.method === "POST" && matched.route.kind !== "rollback";
  const body = needsBody ? await readJsonBody(req, opts.maxBodyBytes ?? 1024 * 1024) : undefined;
  if (matched.method === "GET") return dispatch(plane, matched, cluster, body);
  const key = req.headers["idempotency-key"];
  const fingerprint = `${url.pathname} ${cluster ?? ""} ${JSON.stringify(body)}`;
  return replays.run(typeof key === "string" ? key : undefined, fingerprint, () => dispatch(plane, matched, cluster, body));
}

/** A node:http request listener serving the control-plane protocol for `plane`. */
export function createControlPlaneHandler(plane: TControlPlane, opts: TControlPlaneHandlerOptions = {}) {
  const context: TServeContext = { plane, opts, replays: createIdempotencyCache<TAnswer>() };
  return (req: IncomingMessage, res: ServerResponse): void => {
    serve(context, req).then(
      (answer) => sendJson(res, answer.status, answer.body),
      (err: unknown) => {
        const { status, body, headers } = toErrorResponse(err);
        if (status >= 500) log.error("control-plane request failed", { method: req.method, path: req.url, err });
        if (status === 401) headers["www-authenticate"] = "Bearer";
        if (status === 405) headers.allow = matchRoute(new URL(req.url ?? "/", "http://x").pathname)?.method ?? "GET";
        if (status === 413) headers.connection = "close";
        sendJson(res, status, body, headers);
      },
    );
  };
}
