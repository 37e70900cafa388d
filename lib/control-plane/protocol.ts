import { z } from "zod";
import { ZOperation } from "./types";

// The HTTP protocol between Shardwatch and a control plane (docs/control-plane.md): request bodies,
// paths and route matching, shared by the HTTP adapter and the handler that serves any TControlPlane.

export const ZSplitBody = z.object({
  at: z.string().min(1).optional(),
  toNode: z.string().min(1).optional(),
  bufferWrites: z.boolean().optional(),
});
export const ZMoveBody = z.object({ toNode: z.string().min(1), bufferWrites: z.boolean().optional() });
export const ZThrottleBody = z.object({ limitQps: z.number().positive() });
export const ZSaltBody = z.object({ buckets: z.number().int().min(2).max(4096) });
export const ZOverlayBody = z.object({ keys: z.array(z.string().min(1)).min(1).max(10_000), ttlSeconds: z.number().int().positive() });
// 0 routes every read back to the primary.
export const ZRouteReadsBody = z.object({ fraction: z.number().min(0).max(1) });
export const ZOperationList = z.object({ operations: z.array(ZOperation) });

export const SHARD_ACTIONS = ["split", "move", "throttle", "route-reads"] as const;
export type TShardAction = (typeof SHARD_ACTIONS)[number];

/** Stands for "any cluster" in a templated base URL when a call names none (operation look-ups). */
export const ANY_CLUSTER = "-";

const enc = encodeURIComponent;
export const PATHS = {
  topology: () => "/topology",
  shardAction: (shard: string, action: TShardAction) => `/shards/${enc(shard)}:${action}`,
  shardLoad: (shard: string) => `/shards/${enc(shard)}:load`,
  clusterThrottle: () => "/cluster:throttle",
  keySalting: (key: string) => `/keys/${enc(key)}:salt`,
  cacheOverlay: () => "/cache:overlay",
  operations: () => "/operations",
  operation: (id: string) => `/operations/${enc(id)}`,
  rollback: (id: string) => `/operations/${enc(id)}:rollback`,
};

export type TRoute =
  | { kind: "topology" }
  | { kind: "operations" }
  | { kind: "operation"; id: string }
  | { kind: "rollback"; id: string }
  | { kind: "shard"; shard: string; action: TShardAction }
  | { kind: "shard-load"; shard: string }
  | { kind: "cluster-throttle" }
  | { kind: "key-salting"; key: string }
  | { kind: "cache-overlay" };
export type TMatchedRoute = { route: TRoute; method: "GET" | "POST"; cluster: string | null };

// Ids are greedy so that one containing ":" (a key such as user:42) still ends at the action name.
const ROUTES: [RegExp, "GET" | "POST", (m: string[]) => TRoute][] = [
  [/^\/topology$/, "GET", () => ({ kind: "topology" })],
  [/^\/operations$/, "GET", () => ({ kind: "operations" })],
  [/^\/operations\/([^/]+):rollback$/, "POST", (m) => ({ kind: "rollback", id: m[0]! })],
  [/^\/operations\/([^/]+)$/, "GET", (m) => ({ kind: "operation", id: m[0]! })],
  [/^\/shards\/([^/]+):(split|move|throttle|route-reads)$/, "POST", (m) => ({ kind: "shard", shard: m[0]!, action: m[1] as TShardAction })],
  [/^\/shards\/([^/]+):load$/, "GET", (m) => ({ kind: "shard-load", shard: m[0]! })],
  [/^\/cluster:throttle$/, "POST", () => ({ kind: "cluster-throttle" })],
  [/^\/keys\/([^/]+):salt$/, "POST", (m) => ({ kind: "key-salting", key: m[0]! })],
  [/^\/cache:overlay$/, "POST", () => ({ kind: "cache-overlay" })],
];

function decode(part: string): string | null {
  try {
    return decodeURIComponent(part);
  } catch {
    return null;
  }
}

/** Matches `[/clusters/{cluster}]/<endpoint>`; null when no endpoint has that path (or it is badly encoded). */
export function matchRoute(pathname: string): TMatchedRoute | null {
  const scoped = /^\/clusters\/([^/]+)(\/.*)$/.exec(pathname);
  const rest = scoped ? scoped[2]! : pathname;
  const cluster = scoped ? decode(scoped[1]!) : null;
  if (scoped && cluster === null) return null;
  for (const [pattern, method, build] of ROUTES) {
    const m = pattern.exec(rest);
    if (!m) continue;
    const parts = m.slice(1).map(decode);
    if (parts.some((p) => p === null)) return null;
    return { route: build(parts as string[]), method, cluster: cluster === ANY_CLUSTER ? null : cluster };
  }
  return null;
}
