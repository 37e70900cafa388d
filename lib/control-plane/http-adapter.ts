import type { z } from "zod";
import type { TResolve, TUrlPolicy } from "@/lib/net/url-guard";
import { parseControlPlaneBase } from "./base-url";
import { callControlPlane, type TCallConfig } from "./http-call";
import { PATHS, ZOperationList } from "./protocol";
import { ZOperation, ZShardLoad, ZTopology, type TControlPlane, type TOperation } from "./types";

// The control-plane adapter for a real control plane speaking the protocol in docs/control-plane.md.

export type THttpControlPlaneOptions = {
  /** e.g. https://cp.internal/clusters/{cluster}; without {cluster} the cluster goes in a `cluster` query parameter. */
  baseUrl: string;
  token?: string;
  /** Per request; default 10 s. */
  timeoutMs?: number;
  /** Which addresses the control plane may be on; control planes usually live on private networks. */
  policy: TUrlPolicy;
  /** Largest answer about one operation; default 1 MB. */
  maxBytes?: number;
  /** Largest topology or operation list (a 10,000-shard topology is a few MB); default 16 MB. */
  maxListBytes?: number;
  /** DNS stub for tests. */
  resolve?: TResolve;
};

export const DEFAULT_TIMEOUT_MS = 10_000;
const MB = 1024 * 1024;

/** Makes the adapter; throws UrlRefusedError at once if the base URL is malformed or refused by the policy. */
export function createHttpControlPlane(opts: THttpControlPlaneOptions): TControlPlane {
  const base = parseControlPlaneBase(opts.baseUrl, opts.policy);
  const cfg: TCallConfig = { token: opts.token, timeoutMs: opts.timeoutMs ?? DEFAULT_TIMEOUT_MS, policy: opts.policy, resolve: opts.resolve };
  const maxBytes = opts.maxBytes ?? MB;
  const maxListBytes = opts.maxListBytes ?? 16 * MB;

  const get = <T>(schema: z.ZodType<T>, url: string, what: string, limit = maxBytes) =>
    callControlPlane(cfg, { method: "GET", url, maxBytes: limit, what }, schema);
  const act = (cluster: string | null, path: string, body?: Record<string, unknown>): Promise<TOperation> =>
    callControlPlane(cfg, { method: "POST", url: base.urlFor(cluster, path), body, maxBytes, what: "operation" }, ZOperation);

  return {
    name: `http ${base.template}`,
    describeTopology: (cluster) => get(ZTopology, base.urlFor(cluster, PATHS.topology()), "topology", maxListBytes),
    inspectShard: (cluster, shard) => get(ZShardLoad, base.urlFor(cluster, PATHS.shardLoad(shard)), "shard load"),
    splitShard: (cluster, shard, o = {}) =>
      act(cluster, PATHS.shardAction(shard, "split"), { at: o.at, toNode: o.toNode, bufferWrites: o.bufferWrites }),
    moveShard: (cluster, shard, toNode, o = {}) => act(cluster, PATHS.shardAction(shard, "move"), { toNode, bufferWrites: o.bufferWrites }),
    throttle: (cluster, target, limitQps) =>
      act(cluster, target === "cluster" ? PATHS.clusterThrottle() : PATHS.shardAction(target, "throttle"), { limitQps }),
    enableKeySalting: (cluster, key, buckets) => act(cluster, PATHS.keySalting(key), { buckets }),
    enableCacheOverlay: (cluster, keys, ttlSeconds) => act(cluster, PATHS.cacheOverlay(), { keys, ttlSeconds }),
    routeReadsToReplicas: (cluster, shard, fraction) => act(cluster, PATHS.shardAction(shard, "route-reads"), { fraction }),
    getOperation: (id) => get(ZOperation, base.urlFor(null, PATHS.operation(id)), "operation"),
    listOperations: async (cluster) =>
      (await get(ZOperationList, base.urlFor(cluster ?? null, PATHS.operations()), "operation list", maxListBytes)).operations,
    rollback: (id) => act(null, PATHS.rollback(id)),
  };
}
